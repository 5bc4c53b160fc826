package dev.switchboard.gateway.protocol;

/** The {@code code} of an {@code error} frame; each is documented in docs/protocol.md. */
public enum ErrorCode {
    /** No valid token (missing, badly signed, expired, wrong issuer or audience) and anonymous mode is off. */
    UNAUTHORIZED("unauthorized", 401),
    /** The page's Origin is not allowed to connect. */
    FORBIDDEN_ORIGIN("forbidden-origin", 403),
    /** The request names a client of another user, or a refresh token is another user's: a client acts only as itself. */
    FORBIDDEN("forbidden", 403),
    /** Not a WebSocket handshake RFC 6455 (section 4.2.1) allows: a header is missing or wrong, or not HTTP/1.1. */
    BAD_HANDSHAKE("bad-handshake", 400),
    /** A WebSocket handshake without {@code Sec-WebSocket-Version: 13}; the answer names the version served. */
    UNSUPPORTED_VERSION("unsupported-version", 426),
    /** This node already holds the most connections it accepts from the address or for the user. */
    TOO_MANY_CONNECTIONS("too-many-connections", 429),
    /** More messages than the connection's or client's rate allows (or too many tickets); slow down. */
    RATE_LIMITED("rate-limited", 429),
    /** The frame is not JSON. */
    BAD_JSON("bad-json", 400),
    /** JSON, but not a frame: not an object, no {@code type}, or a field of the wrong kind. */
    BAD_FRAME("bad-frame", 400),
    /** A {@code type} the gateway does not know. */
    UNKNOWN_TYPE("unknown-type", 400),
    /** Larger than the configured limit. */
    TOO_LARGE("too-large", 413),
    /** This node is shutting down; connect to another one. */
    DRAINING("draining", 503),
    /** The client id is not connected anywhere in the cluster. */
    UNKNOWN_CLIENT("unknown-client", 404),
    /** The gateway could not hand the message to Kafka (overloaded or broker unavailable); resend later. */
    NOT_ACCEPTED("not-accepted", 503),
    /**
     * The client's event reached a worker but could not be handled (its handler kept failing or overran its
     * deadline, or its answer could not be published); {@code eventId} names it. It is kept on the dead-letter
     * topic, from which an operator may replay it.
     */
    EVENT_FAILED("event-failed", 500);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The status an HTTP request failing this way is answered with. */
    public int httpStatus() {
        return httpStatus;
    }

    public String wireName() {
        return wireName;
    }
}
