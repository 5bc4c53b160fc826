package dev.switchboard.push.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.hazelcast.map.IMap;

import dev.switchboard.contract.problem.ProblemType;

/**
 * Runs an action under a cluster-wide lock on a key of a Hazelcast map: a bounded wait to get it, and a lease, so
 * that a holder that dies cannot block the key for longer than that.
 */
final class ClusterLocks {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(30);

    private ClusterLocks() {}

    /** The key {@code userId}'s lock is taken on, in whichever map holds that user's entries. */
    static String userLock(String userId) {
        return "#user:" + userId;
    }

    /** {@code action} under the lock on {@code key} of {@code map}; 503 {@code busy} if it is not had within 10 s. */
    static <T> T locked(IMap<String, ?> map, String key, String what, Supplier<T> action) {
        try {
            if (!map.tryLock(key, WAIT.toMillis(), TimeUnit.MILLISECONDS, LEASE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PushException(ProblemType.BUSY, what + " is being changed; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PushException(ProblemType.BUSY, "interrupted while waiting; try again");
        }
        try {
            return action.get();
        } finally {
            map.unlock(key);
        }
    }
}
