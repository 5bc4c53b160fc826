package dev.switchboard.worker.bundle;

/** A bundle that cannot be a version: not a jar, too large, or naming no loadable {@code ServiceWorker}. */
public final class InvalidBundleException extends RuntimeException {

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
