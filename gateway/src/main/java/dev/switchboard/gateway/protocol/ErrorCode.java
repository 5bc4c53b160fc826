package dev.switchboard.gateway.protocol;

import dev.switchboard.contract.problem.ProblemType;

/**
 * The {@code code} of an {@code error} frame: the one list of them, which docs/protocol.md ("Error codes") and the
 * browser client are checked against. Each is a {@link ProblemType} of the same code, which an HTTP request
 * refused this way is answered with (docs/errors.md).
 */
public enum ErrorCode {
    /** No valid token (missing, badly signed, expired, wrong issuer or audience) and anonymous mode is off. */
    UNAUTHORIZED(ProblemType.UNAUTHORIZED),
    /** The page's Origin is not allowed to connect. */
    FORBIDDEN_ORIGIN(ProblemType.FORBIDDEN_ORIGIN),
    /**
     * The request names a client of another user, a refresh token is another user's (a client acts only as itself),
     * or a channel's namespace rule refuses the subscribe or publish.
     */
    FORBIDDEN(ProblemType.FORBIDDEN),
    /** Not a WebSocket handshake RFC 6455 (section 4.2.1) allows: a header is missing or wrong, or not HTTP/1.1. */
    BAD_HANDSHAKE(ProblemType.BAD_HANDSHAKE),
    /** A WebSocket handshake without {@code Sec-WebSocket-Version: 13}; the answer names the version served. */
    UNSUPPORTED_VERSION(ProblemType.UNSUPPORTED_VERSION),
    /** This node already holds the most connections it accepts from the address or for the user. */
    TOO_MANY_CONNECTIONS(ProblemType.TOO_MANY_CONNECTIONS),
    /** More messages than the connection's or client's rate allows (or too many tickets); slow down. */
    RATE_LIMITED(ProblemType.RATE_LIMITED),
    /** The frame is not JSON. */
    BAD_JSON(ProblemType.BAD_JSON),
    /** JSON, but not a frame: not an object, no {@code type}, or a field of the wrong kind. */
    BAD_FRAME(ProblemType.BAD_FRAME),
    /** A {@code type} the gateway does not know. */
    UNKNOWN_TYPE(ProblemType.UNKNOWN_TYPE),
    /** Larger than the configured limit. */
    TOO_LARGE(ProblemType.TOO_LARGE),
    /** This node is shutting down; connect to another one. */
    DRAINING(ProblemType.DRAINING),
    /** The client id is not connected anywhere in the cluster. */
    UNKNOWN_CLIENT(ProblemType.UNKNOWN_CLIENT),
    /** A channel whose namespace is not configured: it does not exist. */
    UNKNOWN_CHANNEL(ProblemType.UNKNOWN_CHANNEL),
    /** The connection is already subscribed to {@code switchboard.channels.max-subscriptions-per-connection} channels. */
    TOO_MANY_CHANNELS(ProblemType.TOO_MANY_CHANNELS),
    /** A MessageChannel port that is unknown, closed, someone else's, or not started on this connection. */
    UNKNOWN_PORT(ProblemType.UNKNOWN_PORT),
    UNKNOWN_WORKER(ProblemType.UNKNOWN_WORKER),
    TOO_MANY_WORKERS(ProblemType.TOO_MANY_WORKERS),
    /** The gateway could not hand the message to Kafka (overloaded or broker unavailable); resend later. */
    NOT_ACCEPTED(ProblemType.NOT_ACCEPTED),
    /**
     * The client's event reached a worker but could not be handled (its handler kept failing or overran its
     * deadline, or its answer could not be published); {@code eventId} names it. It is kept on the dead-letter
     * topic, from which an operator may replay it.
     */
    EVENT_FAILED(ProblemType.EVENT_FAILED);

    private final ProblemType problem;

    ErrorCode(ProblemType problem) {
        this.problem = problem;
    }

    /** The problem an HTTP request failing this way is answered with. */
    public ProblemType problem() {
        return problem;
    }

    /** The status an HTTP request failing this way is answered with. */
    public int httpStatus() {
        return problem.status();
    }

    public String wireName() {
        return problem.code();
    }
}
