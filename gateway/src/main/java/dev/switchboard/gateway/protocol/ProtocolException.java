package dev.switchboard.gateway.protocol;

/**
 * A client sent something the protocol does not allow; answered with an error frame, never a crash. {@code ref} is
 * the refused frame's own, when it could be read (null otherwise).
 */
public class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String ref;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
