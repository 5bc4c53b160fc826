package dev.switchboard.worker.lifecycle;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Which nodes are running events of which version of which registration, so that activation can wait for the
 * active version's events and {@code unregister} for all of the registration's. A node counts locally and writes
 * {@code registrationId/version/nodeId} to the cluster only when a version's count leaves or reaches zero; the
 * entry lives at most {@code ttl}, so a node that died does not hold a registration forever.
 */
public final class InFlight {

    private final IMap<String, Boolean> running;
    private final String nodeId;
    private final Duration ttl;
    private final ConcurrentHashMap<String, long[]> counts = new ConcurrentHashMap<>();

    public InFlight(HazelcastInstance hazelcast, String nodeId, Duration ttl) {
        this.running = hazelcast.getMap(HazelcastNames.IN_FLIGHT);
        this.nodeId = nodeId;
        this.ttl = ttl;
    }

    public void started(String registrationId, String version) {
        String key = key(registrationId, version);
        // [0]: events running here; [1]: when the cluster entry was last written (its TTL runs from then).
        long[] count = counts.computeIfAbsent(key, k -> new long[2]);
        synchronized (count) {
            long now = System.nanoTime();
            // Rewritten while events keep running, so that a busy version never looks idle by expiry.
            if (count[0]++ == 0 || now - count[1] > ttl.toNanos() / 2) {
                running.set(key, Boolean.TRUE, ttl.toMillis(), TimeUnit.MILLISECONDS);
                count[1] = now;
            }
        }
    }

    public void finished(String registrationId, String version) {
        String key = key(registrationId, version);
        long[] count = counts.get(key);
        synchronized (count) {
            if (--count[0] == 0) {
                running.delete(key);
            }
        }
    }

    /** True when no node runs an event of any version of the registration now. */
    boolean idle(String registrationId) {
        return running.keySet(Predicates.like("__key", registrationId + "/%")).isEmpty();
    }

    /** True when no node runs an event of this version of the registration now. */
    boolean idle(String registrationId, String version) {
        return running.keySet(Predicates.like("__key", registrationId + "/" + version + "/%"))
                .isEmpty();
    }

    private String key(String registrationId, String version) {
        return registrationId + "/" + version + "/" + nodeId;
    }
}
