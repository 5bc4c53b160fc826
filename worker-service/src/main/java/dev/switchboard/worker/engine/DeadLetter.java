package dev.switchboard.worker.engine;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.contract.event.DeadLetterHeaders;

/**
 * Why an event went to the dead-letter topic: the values of the {@link DeadLetterHeaders}.
 *
 * @param reason {@code handler-failed}, {@code deadline}, {@code invalid-event} or {@code publish-failed}
 */
public record DeadLetter(
        String reason,
        String exceptionType,
        String exceptionMessage,
        String registrationId,
        String version,
        int attempts,
        String origin,
        long failedAtEpochMillis,
        String nodeId) {

    public static final String HANDLER_FAILED = "handler-failed";
    public static final String DEADLINE = "deadline";
    public static final String INVALID_EVENT = "invalid-event";
    public static final String PUBLISH_FAILED = "publish-failed";

    static DeadLetter of(
            String reason, Throwable failure, Outcome outcome, int attempts, IncomingEvent event, String nodeId) {
        String message = String.valueOf(failure.getMessage());
        if (message.length() > DeadLetterHeaders.MAX_MESSAGE_CHARS) {
            message = message.substring(0, DeadLetterHeaders.MAX_MESSAGE_CHARS);
        }
        return new DeadLetter(
                reason,
                failure.getClass().getName(),
                message,
                outcome.registrationId(),
                outcome.version(),
                attempts,
                event.origin(),
                System.currentTimeMillis(),
                nodeId);
    }

    /** The headers, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.EXCEPTION_TYPE, exceptionType);
        headers.put(DeadLetterHeaders.EXCEPTION_MESSAGE, exceptionMessage);
        headers.put(DeadLetterHeaders.REGISTRATION, registrationId);
        headers.put(DeadLetterHeaders.VERSION, version);
        headers.put(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        headers.put(DeadLetterHeaders.ORIGIN, origin);
        headers.put(DeadLetterHeaders.FAILED_AT, Long.toString(failedAtEpochMillis));
        headers.put(DeadLetterHeaders.NODE, nodeId);
        return headers;
    }
}
