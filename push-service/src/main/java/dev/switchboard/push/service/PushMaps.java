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

    private PushMaps() {
    }
}
