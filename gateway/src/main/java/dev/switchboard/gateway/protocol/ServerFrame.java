package dev.switchboard.gateway.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame for a client: its {@code type}, its event id when it has one (what SSE puts in {@code id:} and a
 * client resumes from), the JSON text itself, identical on every transport, and for an error frame its code.
 * A binary message also has its WebSocket form, {@link #binary()}: the envelope of docs/protocol.md. A frame
 * is built once and written to every connection it goes to, so its size is measured once too.
 */
public final class ServerFrame {

    private final String type;
    private final String id;
    private final String json;
    private final ErrorCode error;
    private final byte[] binary;
    private final int wireSize;

    public ServerFrame(String type, String id, String json, ErrorCode error) {
        this(type, id, json, error, null);
    }

    private ServerFrame(String type, String id, String json, ErrorCode error, byte[] binary) {
        this.type = type;
        this.id = id;
        this.json = json;
        this.error = error;
        this.binary = binary;
        this.wireSize = binary != null ? binary.length : json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A binary message: {@code json} for text-only transports (SSE), {@code envelope} for a WebSocket. */
    public static ServerFrame binaryMessage(String id, String json, byte[] envelope) {
        return new ServerFrame("message", id, json, null, envelope);
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    public String json() {
        return json;
    }

    public ErrorCode error() {
        return error;
    }

    public boolean isError() {
        return error != null;
    }

    /** The WebSocket binary envelope of a binary message, or null for a text frame; not to be modified. */
    public byte[] binary() {
        return binary;
    }

    /** Bytes this frame takes on a WebSocket: what the outbound bounds count. */
    public int wireSize() {
        return wireSize;
    }

    @Override
    public String toString() {
        return "ServerFrame[" + type + (id == null ? "" : " " + id) + ", " + wireSize + " bytes]";
    }
}
