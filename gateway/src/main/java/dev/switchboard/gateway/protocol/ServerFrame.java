package dev.switchboard.gateway.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A frame for a client: its {@code type}, its event id when it has one (what SSE puts in {@code id:} and a
 * client resumes from), the JSON text itself, identical on every transport, and for an error frame its code and
 * message (what an HTTP answer makes a problem of).
 * A binary message also has its WebSocket form, {@link #binary()}: the envelope of docs/protocol.md. A frame
 * is built once and written to every connection it goes to, so its size is measured once too.
 */
public final class ServerFrame {

    private final FrameType type;
    private final String id;
    private final String json;
    private final ErrorCode error;
    private final String errorMessage;
    private final byte[] binary;
    private final int wireSize;

    public ServerFrame(FrameType type, String id, String json) {
        this(type, id, json, null, null, null);
    }

    private ServerFrame(FrameType type, String id, String json, ErrorCode error, String errorMessage, byte[] binary) {
        this.type = type;
        this.id = id;
        this.json = json;
        this.error = error;
        this.errorMessage = errorMessage;
        this.binary = binary;
        this.wireSize = binary != null ? binary.length : json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A binary message: {@code json} for text-only transports (SSE), {@code envelope} for a WebSocket. */
    public static ServerFrame binaryMessage(String id, String json, byte[] envelope) {
        return new ServerFrame(FrameType.MESSAGE, id, json, null, null, envelope);
    }

    /** An {@code error} frame: {@code json} carries {@code code} and {@code message}. */
    public static ServerFrame error(String json, ErrorCode code, String message) {
        return new ServerFrame(FrameType.ERROR, null, json, code, message, null);
    }

    public FrameType type() {
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

    /** The error frame's {@code message}; null for other frames. */
    public String errorMessage() {
        return errorMessage;
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
