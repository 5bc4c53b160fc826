package dev.switchboard.gateway.service;

import java.util.Locale;
import java.util.concurrent.CompletionException;

import io.micrometer.core.instrument.Metrics;

/**
 * Why the gateway ends a connection: the one list of its close codes. WebSocket clients see {@link #code()} in the
 * close frame; SSE clients get an {@code event: close} with the same code before the stream ends. docs/protocol.md
 * documents exactly these codes (ProtocolListsTest holds the page and switchboard.js to them).
 */
public enum CloseReason {
    /** The node is shutting down; reconnect (to any node). */
    GOING_AWAY((short) 1001, "server going away"),
    /**
     * The peer broke RFC 6455 (a reserved bit or opcode, an unmasked or fragmented control frame, a bad length,
     * a continuation out of place, an invalid close code...): the connection is failed (section 7.1.7).
     */
    PROTOCOL_ERROR((short) 1002, "protocol error"),
    /** A text message (or close reason) that is not valid UTF-8. */
    INVALID_DATA((short) 1007, "invalid UTF-8"),
    /** A message larger than the configured limit. */
    MESSAGE_TOO_BIG((short) 1009, "message too big"),
    /** The client could not be recorded in the cluster's client registry; reconnect with backoff. */
    REGISTRY_UNAVAILABLE((short) 1011, "client registry unavailable"),
    /** The connection's frames cannot be checked against RFC 6455 (see StrictFrames), so it is not served. */
    FRAMES_UNCHECKED((short) 1011, "frames cannot be validated"),
    /**
     * Admitted in a storm of connects and then refused: this node has too many registry calls waiting
     * ({@code registry-max-pending}); reconnect with backoff (WebSocket's "try again later").
     */
    TRY_AGAIN_LATER((short) 1013, "try again later"),
    /** The previous ping got no pong within a ping interval: the peer is gone or stuck. */
    NO_PONG((short) 4000, "no pong"),
    /** The token the connection was admitted with has expired and was not refreshed; reconnect with a new one. */
    TOKEN_EXPIRED((short) 4001, "token expired"),
    /** The client read too slowly and its outbound queue filled up; reconnect. */
    SLOW_CONSUMER((short) 4008, "slow consumer"),
    /** The client kept sending over its message rate after it was told ({@code rate-limited}); slow down. */
    RATE_LIMITED((short) 4029, "rate limit exceeded");

    private final short code;
    private final String text;

    /** Why a client that was admitted could not be recorded in the registry. */
    public static CloseReason registryFailure(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof ClientDirectory.RegistryBusyException ? TRY_AGAIN_LATER : REGISTRY_UNAVAILABLE;
    }

    CloseReason(short code, String text) {
        this.code = code;
        this.text = text;
    }

    /** Counts a close the server initiated ({@code switchboard_gateway_closes_total{reason}}). */
    public void count() {
        Metrics.counter("switchboard.gateway.closes", "reason", name().toLowerCase(Locale.ROOT))
                .increment();
    }

    public short code() {
        return code;
    }

    public String text() {
        return text;
    }
}
