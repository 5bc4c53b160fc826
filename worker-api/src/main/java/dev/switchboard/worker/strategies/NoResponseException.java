package dev.switchboard.worker.strategies;

/**
 * Workbox's {@code no-response} error: a strategy found neither a cached nor a network response. Without a
 * fallback it answers the fetch with a network error.
 */
public class NoResponseException extends RuntimeException {

    public NoResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
