package dev.switchboard.push.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.push.model.PendingPush;

/**
 * RFC 8030 section 5.4 on our side of the wire: of the pending messages to one subscription with the same Topic,
 * only the newest is delivered. The newest id per (subscription, topic) lives in Hazelcast for as long as the
 * message's TTL, so every node agrees on it.
 */
@ApplicationScoped
public class TopicReplacement {

    private final IMap<String, String> latest;

    public TopicReplacement(HazelcastInstance hazelcast) {
        this.latest = hazelcast.getMap(PushMaps.TOPIC_LATEST);
    }

    /** Marks {@code push} as the newest of its topic; called before it is written to Kafka. */
    public void accepted(PendingPush push) {
        if (push.topic() != null) {
            latest.set(key(push), push.id(), Math.max(1, push.ttlSeconds()), TimeUnit.SECONDS);
        }
    }

    /** True when a newer message with the same topic was accepted after {@code push}. */
    public boolean replaced(PendingPush push) {
        if (push.topic() == null) {
            return false;
        }
        String newest = latest.get(key(push));
        return newest != null && !newest.equals(push.id());
    }

    /** {@code push} is no longer pending (delivered, dropped or never written). */
    public void settled(PendingPush push) {
        if (push.topic() != null) {
            latest.remove(key(push), push.id());
        }
    }

    private static String key(PendingPush push) {
        return push.subscriptionId() + "/" + push.topic();
    }
}
