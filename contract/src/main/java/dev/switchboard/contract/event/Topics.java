package dev.switchboard.contract.event;

import java.util.List;

/**
 * Every Kafka topic Switchboard uses, in one place. Channel configuration refers to these names; the
 * embedded broker and the Helm chart create them with the partition counts given here.
 */
public final class Topics {

    /** Events from clients (and later from push and sync) that wake a worker. Key: the client id. */
    public static final String EVENTS = "switchboard.events";

    /**
     * Deliveries from workers to clients. Every gateway node reads all of it and keeps what is addressed to a
     * client it holds. Key: the client id, so one client's deliveries stay in order.
     */
    public static final String DELIVERIES = "switchboard.deliveries";

    /**
     * Web Push messages push-service has accepted and not yet delivered: push-service writes and reads it, so an
     * accepted message survives a crash until it is delivered or expires. Key: the subscription id, so one
     * subscription's messages keep their order.
     */
    public static final String PUSH_SENDS = "switchboard.push.sends";

    /**
     * Workers' answers to fetch events. Key: the gateway node waiting for them; every gateway node reads all
     * of it and keeps its own answers (like {@link #DELIVERIES}, but never replayed to clients).
     */
    public static final String FETCH_RESPONSES = "switchboard.fetch.responses";

    /**
     * Background syncs registered and not yet settled: the gateway (a client's {@code sync} frame) and
     * worker-service ({@code registration.registerSync}) write them, push-service reads them and holds each
     * record unacknowledged until its sync succeeded or went to {@link #SYNC_DEAD_LETTER}. Key: user id + "/" +
     * tag, so one tag's syncs keep their order.
     */
    public static final String SYNC = "switchboard.sync";

    /**
     * Workers' outcomes of sync attempts. Key: the push-service node waiting for them; every push-service node
     * reads all of it and keeps its own (like {@link #FETCH_RESPONSES}).
     */
    public static final String SYNC_OUTCOMES = "switchboard.sync.outcomes";

    /** Syncs that never succeeded: the registration and every attempt's time and error, for operators. */
    public static final String SYNC_DEAD_LETTER = "switchboard.sync.dead-letter";

    /**
     * Events a worker could not handle: the original record (key, value and headers as they were on
     * {@link #EVENTS}) plus the failure in {@link DeadLetterHeaders}. Operators read it and replay it to
     * {@link #EVENTS} through worker-service's admin API. Key: the original key.
     */
    public static final String EVENTS_DEAD_LETTER = "switchboard.events.dead-letter";

    /** A topic and the partition count it is created with where Switchboard creates it itself. */
    public record TopicSpec(String name, int partitions) {
    }

    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(EVENTS, 12),
            new TopicSpec(DELIVERIES, 12),
            new TopicSpec(PUSH_SENDS, 12),
            new TopicSpec(FETCH_RESPONSES, 12),
            new TopicSpec(SYNC, 12),
            new TopicSpec(SYNC_OUTCOMES, 12),
            new TopicSpec(SYNC_DEAD_LETTER, 3),
            new TopicSpec(EVENTS_DEAD_LETTER, 3));

    private Topics() {
    }
}
