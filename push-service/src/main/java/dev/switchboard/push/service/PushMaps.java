package dev.switchboard.push.service;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Names of push-service's structures in the Hazelcast cluster (all under {@code switchboard.*}, so backed up; the
 * names the member's configuration needs are in {@link HazelcastNames}).
 */
final class PushMaps {

    /** VAPID key id → {@link dev.switchboard.push.model.VapidKey}; every key ever made, kept for old subscriptions. */
    static final String VAPID_KEYS = HazelcastNames.PUSH_VAPID_KEYS;

    /** {@code current} → the id of the VAPID key new subscriptions use. */
    static final String VAPID_CURRENT = HazelcastNames.PUSH_VAPID_CURRENT;

    /** Subscription id → {@link dev.switchboard.push.model.Subscription}. */
    static final String SUBSCRIPTIONS = HazelcastNames.PUSH_SUBSCRIPTIONS;

    /** subscription id + RFC 8030 Topic → the id of the newest message with that topic not yet delivered. */
    static final String TOPIC_LATEST = HazelcastNames.PUSH_TOPIC_LATEST;

    /** topic + "/" + user id → {@link dev.switchboard.push.model.TopicMember}: who is in each named topic. */
    static final String TOPIC_MEMBERS = "switchboard.push.topic-members";

    /** Sync id → the JSON list of its attempts so far (a node that takes over a sync continues its count). */
    static final String SYNC_PROGRESS = HazelcastNames.SYNC_PREFIX + "progress";

    /**
     * Sync id → the user id, while the sync is registered and not settled: the per-user quota
     * ({@code switchboard.push.sync.max-per-user}) counts these cluster-wide.
     */
    static final String SYNC_PENDING = HazelcastNames.SYNC_PREFIX + "pending";

    /** Sync id → {@code succeeded} or {@code dead}: a sync redelivered after a crash is not attempted again. */
    static final String SYNC_SETTLED = HazelcastNames.SYNC_PREFIX + "settled";

    private PushMaps() {
    }
}
