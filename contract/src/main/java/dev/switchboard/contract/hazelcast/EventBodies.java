package dev.switchboard.contract.hazelcast;

import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.EventLimits;

/**
 * Bodies that travel beside their event rather than inside it ({@link HazelcastNames#EVENT_BODIES}): the sender
 * stores the bytes under a fresh id with a time to live, the event carries the id, the receiver takes the bytes
 * (and removes them). Used for fetch bodies larger than {@link EventLimits#inlineBodyMaxBytes()}.
 */
public final class EventBodies {

    private final IMap<String, byte[]> bodies;
    private final EventLimits limits;

    public EventBodies(HazelcastInstance hazelcast, EventLimits limits) {
        this.bodies = hazelcast.getMap(HazelcastNames.EVENT_BODIES);
        this.limits = limits;
    }

    /** True when {@code body} goes inside its record. */
    public boolean inline(byte[] body) {
        return body.length <= limits.inlineBodyMaxBytes();
    }

    /** Stores {@code body}; completes with its id once the cluster has it. */
    public CompletionStage<String> put(byte[] body) {
        String id = UUID.randomUUID().toString();
        return bodies.setAsync(id, body, limits.bodyTtl().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(done -> id);
    }

    /** Takes the body stored under {@code id}; completes with null when it is gone (expired or already taken). */
    public CompletionStage<byte[]> take(String id) {
        return bodies.removeAsync(id);
    }
}
