package dev.switchboard.worker.lifecycle;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Which nodes are running events of which registration, so that {@code unregister} can wait for them. A node
 * counts locally and writes to the cluster only when a registration's count leaves or reaches zero; the entry
 * lives at most {@code ttl}, so a node that died does not hold an unregister forever.
 */
public final class InFlight {

    private final IMap<String, Boolean> running;
    private final String nodeId;
    private final Duration ttl;
    private final ConcurrentHashMap<String, int[]> counts = new ConcurrentHashMap<>();

    public InFlight(HazelcastInstance hazelcast, String nodeId, Duration ttl) {
        this.running = hazelcast.getMap(HazelcastNames.IN_FLIGHT);
        this.nodeId = nodeId;
        this.ttl = ttl;
    }

    public void started(String registrationId) {
        int[] count = counts.computeIfAbsent(registrationId, id -> new int[1]);
        synchronized (count) {
            if (count[0]++ == 0) {
                running.set(key(registrationId), Boolean.TRUE, ttl.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    public void finished(String registrationId) {
        int[] count = counts.get(registrationId);
        synchronized (count) {
            if (--count[0] == 0) {
                running.delete(key(registrationId));
            }
        }
    }

    /** True when no node runs an event of the registration now. */
    boolean idle(String registrationId) {
        return running.keySet(Predicates.like("__key", registrationId + "/%")).isEmpty();
    }

    /** True once no node runs an event of the registration, false if some still did after {@code timeout}. */
    boolean awaitIdle(String registrationId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle(registrationId)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private String key(String registrationId) {
        return registrationId + "/" + nodeId;
    }
}
