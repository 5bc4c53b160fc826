package dev.switchboard.contract.problem;

/**
 * A request refused with a {@link ProblemType}: thrown by a service, answered by its HTTP layer as that problem
 * with the message as {@code detail}. Nothing was changed when this is thrown.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    /** The HTTP status the refusal is answered with: its type's. */
    public int status() {
        return type.status();
    }

    public Problem problem() {
        return Problem.of(type, getMessage());
    }
}
