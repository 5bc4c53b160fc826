package dev.switchboard.gateway.protocol;

/**
 * A frame for a client: its {@code type}, its event id when it has one (what SSE puts in {@code id:} and a
 * client resumes from), the JSON text itself, identical on every transport, and for an error frame its code.
 */
public record ServerFrame(String type, String id, String json, ErrorCode error) {

    public boolean isError() {
        return error != null;
    }
}
