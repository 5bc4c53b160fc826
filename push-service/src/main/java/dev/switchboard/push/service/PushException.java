package dev.switchboard.push.service;

/**
 * A request push-service refuses, with a stable machine-readable {@link #code()} and a message naming the problem;
 * the REST layer turns the {@link Kind} into an HTTP status.
 */
public class PushException extends RuntimeException {

    public enum Kind {
        /** The request is malformed or a value is out of range (400). */
        INVALID,
        /** The subscription or key does not exist (404). */
        NOT_FOUND,
        /** The caller may not do this to this resource, e.g. take over another user's endpoint (403). */
        FORBIDDEN,
        /** A limit was reached, e.g. subscriptions per user (409). */
        LIMIT,
        /** The payload exceeds what a push message carries (413). */
        TOO_LARGE,
        /** Kafka did not take the message; nothing was accepted (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public PushException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static PushException invalid(String code, String message) {
        return new PushException(Kind.INVALID, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
