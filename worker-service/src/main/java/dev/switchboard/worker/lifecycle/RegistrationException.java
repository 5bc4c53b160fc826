package dev.switchboard.worker.lifecycle;

/** A registration request that cannot be carried out; {@code status} is the HTTP status the admin API answers. */
public final class RegistrationException extends RuntimeException {

    private final int status;

    public RegistrationException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static RegistrationException badRequest(String message) {
        return new RegistrationException(400, message);
    }

    static RegistrationException notFound(String message) {
        return new RegistrationException(404, message);
    }

    static RegistrationException conflict(String message) {
        return new RegistrationException(409, message);
    }
}
