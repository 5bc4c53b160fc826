package dev.switchboard.outbound;

/** Why an outbound request did not get a response: its one failure type, with the kind a caller maps to its answer. */
public final class OutboundException extends RuntimeException {

    public enum Kind {
        /** The outbound policy does not allow the URL, its address or a redirect's target. */
        REFUSED,
        /** The response body is larger than the request's limit. */
        TOO_LARGE,
        /** The request's overall deadline (resolution, connection, redirects and body included) passed. */
        TIMEOUT,
        /** Too many outbound requests are in progress in this process. */
        BUSY,
        /** The network failed: the name did not resolve, the connection was refused or broke. */
        FAILED
    }

    private final Kind kind;

    public OutboundException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public OutboundException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
