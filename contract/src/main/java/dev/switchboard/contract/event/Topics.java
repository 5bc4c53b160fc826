package dev.switchboard.contract.event;

import java.time.Duration;
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

    /**
     * Channel publications (and presence join/leave), from clients, handlers and the server API. Every gateway node
     * reads all of it and writes each record to its local subscribers; a publication's position is its offset here.
     * Key: the channel name, so one channel's publications are in order in one partition.
     */
    public static final String CHANNELS = "switchboard.channels";

    /**
     * Requests of dedicated and shared worker instances (start, post, stop), from the gateway. Key: the instance id.
     * worker-service reads it with a consumer group of its own, apart from {@link #EVENTS} (a busy worker never
     * delays service-worker events); the node a partition is assigned to runs the instances keyed to it, and the
     * group generation of that assignment fences any earlier owner (docs/workers.md).
     */
    public static final String WORKERS = "switchboard.workers";

    /**
     * A topic, the partition count it is created with, and how long the broker keeps its records: longer than any
     * consumer may still need one (the Helm chart's topic values must match these; its tests check them).
     */
    public record TopicSpec(String name, int partitions, Duration retention) {}

    public static final List<TopicSpec> ALL = List.of(
            // Workers may be down or behind for a while; a week of events waits for them.
            new TopicSpec(EVENTS, 12, Duration.ofDays(7)),
            // Well above the gateway's resume.max-age (10 minutes): a resuming client is replayed from here.
            new TopicSpec(DELIVERIES, 12, Duration.ofDays(1)),
            // Above push-service's delivery.max-ttl (672 h): an accepted message stays until delivered or expired.
            new TopicSpec(PUSH_SENDS, 12, Duration.ofDays(28)),
            // Answers are waited for seconds at most (fetch.timeout).
            new TopicSpec(FETCH_RESPONSES, 12, Duration.ofHours(1)),
            // A sync record stays unacknowledged up to 2 hours (retention + attempt timeout); a week leaves room.
            new TopicSpec(SYNC, 12, Duration.ofDays(7)),
            new TopicSpec(SYNC_OUTCOMES, 12, Duration.ofDays(1)),
            // For operators to read and replay.
            new TopicSpec(SYNC_DEAD_LETTER, 3, Duration.ofDays(28)),
            new TopicSpec(EVENTS_DEAD_LETTER, 3, Duration.ofDays(28)),
            // The longest channel history-age must fit in it (ChannelSettingsCheck refuses to start otherwise).
            new TopicSpec(CHANNELS, 12, Duration.ofDays(1)),
            // An instance's requests are handled in seconds; a day covers a worker tier that is down for a while.
            new TopicSpec(WORKERS, 12, Duration.ofDays(1)));

    private Topics() {}
}
