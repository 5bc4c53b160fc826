package dev.switchboard.contract.event;

/**
 * Reactive Messaging channel names. A channel is a service's end of a topic: {@code mp.messaging.*.<channel>}
 * configures it, and its {@code topic} refers to {@code ${switchboard.topic.*}} (see {@link TopicsConfigSource}).
 */
public final class Channels {

    /** Client events: the gateway writes them, worker-service reads them ({@link Topics#EVENTS}). */
    public static final String EVENTS = "events";

    /** Deliveries: worker-service writes them, every gateway node reads them ({@link Topics#DELIVERIES}). */
    public static final String DELIVERIES = "deliveries";

    /** Accepted Web Push messages, written by push-service's send API ({@link Topics#PUSH_SENDS}). */
    public static final String PUSH_SENDS = "push-sends";

    /** Accepted Web Push messages, read back by push-service's delivery ({@link Topics#PUSH_SENDS}). */
    public static final String PUSH_DELIVERY = "push-delivery";

    /** Workers' answers to fetch events: every gateway node reads them and keeps its own ({@link Topics#FETCH_RESPONSES}). */
    public static final String FETCH_RESPONSES = "fetch-responses";
    /** Events that wake a worker, written by a service other than the gateway (push-service) ({@link Topics#EVENTS}). */
    public static final String WORKER_EVENTS = "worker-events";
    /** Sync registrations: written by the gateway and worker-service, read by push-service ({@link Topics#SYNC}). */
    public static final String SYNC = "sync";
    /** Sync outcomes: written by worker-service, read by every push-service node ({@link Topics#SYNC_OUTCOMES}). */
    public static final String SYNC_OUTCOMES = "sync-outcomes";
    /** Syncs that failed for good, written by push-service ({@link Topics#SYNC_DEAD_LETTER}). */
    public static final String SYNC_DEAD_LETTER = "sync-dead-letter";

    /** Events workers could not handle, written by worker-service ({@link Topics#EVENTS_DEAD_LETTER}). */
    public static final String EVENTS_DEAD_LETTER = "events-dead-letter";

    /** Channel publications: the gateway (clients, server API) and worker-service (handlers) write them ({@link Topics#CHANNELS}). */
    public static final String PUBLICATIONS = "publications";

    /** Channel publications, read by every gateway node for its subscribers ({@link Topics#CHANNELS}). */
    public static final String CHANNEL_FEED = "channel-feed";

    /**
     * Requests of dedicated and shared worker instances: the gateway writes them, worker-service's instance engine
     * reads them ({@link Topics#WORKERS}).
     */
    public static final String WORKERS = "workers";

    /**
     * Requests of instances written by worker-service itself (the close of ports whose clients are gone)
     * ({@link Topics#WORKERS}).
     */
    public static final String WORKER_REQUESTS = "worker-requests";

    private Channels() {}
}
