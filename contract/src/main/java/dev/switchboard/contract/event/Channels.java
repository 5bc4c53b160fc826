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

    /** Workers' answers to fetch events: worker-service writes them, every gateway node reads them ({@link Topics#FETCH_RESPONSES}). */
    public static final String FETCH_RESPONSES = "fetch-responses";

    private Channels() {
    }
}
