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
    /** The client could not be recorded in the cluster's client registry; reconnect with backoff. */
    REGISTRY_UNAVAILABLE((short) 1011, "client registry unavailable"),
    /**
     * Admitted in a storm of connects and then refused: this node has too many registry calls waiting
     * ({@code registry-max-pending}); reconnect with backoff (WebSocket's "try again later").
     */
    TRY_AGAIN_LATER((short) 1013, "try again later"),
    /** The previous ping got no pong within a ping interval: the peer is gone or stuck. */
    NO_PONG((short) 4000, "no pong"),
    /** The client read too slowly and its outbound queue filled up; reconnect. */
    SLOW_CONSUMER((short) 4008, "slow consumer");

    private final short code;
    private final String text;

    /** Why a client that was admitted could not be recorded in the registry. */
    public static CloseReason registryFailure(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof dev.switchboard.gateway.service.ClientDirectory.RegistryBusyException ? TRY_AGAIN_LATER
                : REGISTRY_UNAVAILABLE;
    }

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
