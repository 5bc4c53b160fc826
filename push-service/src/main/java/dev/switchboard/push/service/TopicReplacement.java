package dev.switchboard.push.service;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
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
        this.latest = hazelcast.getMap(HazelcastNames.PUSH_TOPIC_LATEST);
    }

    /**
     * Marks {@code push} as the newest of its topic; called before it is written to Kafka. The mark outlives every
     * older message of the topic (it lasts as long as the longest TTL among them), so an older one still retrying
     * is dropped even after the newer one was delivered.
     */
    public void accepted(PendingPush push) {
        if (push.topic() == null) {
            return;
        }
        long lifetimeMillis = Math.max(1, push.ttlSeconds()) * 1000;
        EntryView<String, String> previous = latest.getEntryView(key(push));
        if (previous != null && previous.getExpirationTime() != Long.MAX_VALUE) {
            lifetimeMillis = Math.max(lifetimeMillis, previous.getExpirationTime() - System.currentTimeMillis());
        }
        latest.set(key(push), push.id(), lifetimeMillis, TimeUnit.MILLISECONDS);
    }

    /** True when a newer message with the same topic was accepted after {@code push}. */
    public boolean replaced(PendingPush push) {
        if (push.topic() == null) {
            return false;
        }
        String newest = latest.get(key(push));
        return newest != null && !newest.equals(push.id());
    }

    /** {@code push} could not be written to Kafka: it is not pending, and replaces nothing. */
    public void withdrawn(PendingPush push) {
        if (push.topic() != null) {
            latest.remove(key(push), push.id());
        }
    }

    private static String key(PendingPush push) {
        return push.subscriptionId() + "/" + push.topic();
    }
}
