package dev.switchboard.push.service;

/** Names of push-service's structures in the Hazelcast cluster (all under {@code switchboard.*}, so backed up). */
final class PushMaps {

    /** VAPID key id → {@link dev.switchboard.push.model.VapidKey}; every key ever made, kept for old subscriptions. */
    static final String VAPID_KEYS = "switchboard.push.vapid-keys";

    /** {@code current} → the id of the VAPID key new subscriptions use. */
    static final String VAPID_CURRENT = "switchboard.push.vapid-current";

    /** Subscription id → {@link dev.switchboard.push.model.Subscription}. */
    static final String SUBSCRIPTIONS = "switchboard.push.subscriptions";

    /** subscription id + RFC 8030 Topic → the id of the newest message with that topic not yet delivered. */
    static final String TOPIC_LATEST = "switchboard.push.topic-latest";

    /** topic + "/" + user id → {@link dev.switchboard.push.model.TopicMember}: who is in each named topic. */
    static final String TOPIC_MEMBERS = "switchboard.push.topic-members";

    /** Sync id → the JSON list of its attempts so far (a node that takes over a sync continues its count). */
    static final String SYNC_PROGRESS = "switchboard.sync.progress";

    /**
     * Sync id → the user id, while the sync is registered and not settled: the per-user quota
     * ({@code switchboard.push.sync.max-per-user}) counts these cluster-wide.
     */
    static final String SYNC_PENDING = "switchboard.sync.pending";

    /** Sync id → {@code succeeded} or {@code dead}: a sync redelivered after a crash is not attempted again. */
    static final String SYNC_SETTLED = "switchboard.sync.settled";

    private PushMaps() {
    }
}
