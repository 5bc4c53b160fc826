package dev.switchboard.gateway.concurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts what each key (a user, an address) holds, up to a bound per key. A key whose count falls to zero is
 * forgotten, so the map holds only keys that hold something.
 */
public final class KeyedCounters {

    private final int maxPerKey;
    private final ConcurrentMap<String, Integer> counts = new ConcurrentHashMap<>();

    public KeyedCounters(int maxPerKey) {
        this.maxPerKey = maxPerKey;
    }

    /** Counts one more for {@code key}; false, counting nothing, when it already holds the most it may. */
    public boolean tryAcquire(String key) {
        boolean[] acquired = {false};
        counts.compute(key, (ignored, count) -> {
            int held = count == null ? 0 : count;
            if (held >= maxPerKey) {
                return count;
            }
            acquired[0] = true;
            return held + 1;
        });
        return acquired[0];
    }

    /** One less for {@code key}. */
    public void release(String key) {
        counts.computeIfPresent(key, (ignored, count) -> count <= 1 ? null : count - 1);
    }

    /** What {@code key} holds now. */
    public int count(String key) {
        return counts.getOrDefault(key, 0);
    }
}
