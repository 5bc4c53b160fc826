package dev.switchboard.gateway.protocol;

/** A client sent something the protocol does not allow; answered with an error frame, never a crash. */
public class ProtocolException extends RuntimeException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
