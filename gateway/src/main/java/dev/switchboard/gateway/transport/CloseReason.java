package dev.switchboard.gateway.transport;

/**
 * Why the gateway ends a connection. WebSocket clients see {@link #code()} in the close frame; SSE clients get
 * an {@code event: close} with the same code before the stream ends. Codes are documented in docs/protocol.md.
 */
public enum CloseReason {
    /** The node is shutting down; reconnect (to any node). */
    GOING_AWAY((short) 1001, "server going away"),
    /** A message larger than the configured limit. */
    MESSAGE_TOO_BIG((short) 1009, "message too big"),
    /** The previous ping got no pong within a ping interval: the peer is gone or stuck. */
    NO_PONG((short) 4000, "no pong"),
    /** The client read too slowly and its outbound queue filled up; reconnect. */
    SLOW_CONSUMER((short) 4008, "slow consumer");

    private final short code;
    private final String text;

    CloseReason(short code, String text) {
        this.code = code;
        this.text = text;
    }

    public short code() {
        return code;
    }

    public String text() {
        return text;
    }
}
