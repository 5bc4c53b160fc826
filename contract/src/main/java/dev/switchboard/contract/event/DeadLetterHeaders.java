package dev.switchboard.contract.event;

import java.util.Set;

/**
 * The Kafka headers worker-service adds to a record it puts on {@link Topics#EVENTS_DEAD_LETTER}, beside the
 * original record's own headers (its {@code ce_*} attributes and {@code traceparent}). Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** Why: {@code handler-failed}, {@code deadline}, {@code invalid-event}, {@code publish-failed}. */
    public static final String REASON = "switchboard-dlq-reason";

    /** The class name of the last failure. */
    public static final String EXCEPTION_TYPE = "switchboard-dlq-exception-type";

    /** The last failure's message, cut to {@link #MAX_MESSAGE_CHARS}. */
    public static final String EXCEPTION_MESSAGE = "switchboard-dlq-exception-message";

    /** The registration whose handler failed (empty when the event named none that exists). */
    public static final String REGISTRATION = "switchboard-dlq-registration";

    /** The version (bundle digest or {@code builtin:<name>}) whose handler failed. */
    public static final String VERSION = "switchboard-dlq-version";

    /** How many times the handler ran. */
    public static final String ATTEMPTS = "switchboard-dlq-attempts";

    /** Where the record was consumed from: {@code topic/partition/offset}. */
    public static final String ORIGIN = "switchboard-dlq-origin";

    /** When it was dead-lettered, epoch milliseconds. */
    public static final String FAILED_AT = "switchboard-dlq-failed-at";

    /** The worker node that dead-lettered it. */
    public static final String NODE = "switchboard-dlq-node";

    /** On a record replayed to {@link Topics#EVENTS}: the dead-letter position it came from. */
    public static final String REPLAYED_FROM = "switchboard-replayed-from";

    /** Every header above: a replay strips them, so the replayed record is the original again. */
    public static final Set<String> ALL =
            Set.of(REASON, EXCEPTION_TYPE, EXCEPTION_MESSAGE, REGISTRATION, VERSION, ATTEMPTS, ORIGIN, FAILED_AT, NODE);

    /** Longest exception message kept in a header. */
    public static final int MAX_MESSAGE_CHARS = 1024;

    private DeadLetterHeaders() {}
}
