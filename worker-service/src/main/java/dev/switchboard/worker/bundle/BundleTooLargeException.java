package dev.switchboard.worker.bundle;

/**
 * A bundle past a limit of {@link BundleLimits}: too many bytes as published, too many entries, or inflating past
 * a limit (a zip bomb). The admin API answers 413.
 */
public final class BundleTooLargeException extends RuntimeException {

    public BundleTooLargeException(String message) {
        super(message);
    }
}
