package dev.switchboard.cache.api.hazelcast;

import java.util.function.UnaryOperator;

import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;

import dev.switchboard.cache.api.CacheException;

/** Optimistic read-modify-write of one map value (compare-and-set), retried a bounded number of times. */
final class Atomically {

    private Atomically() {}

    /**
     * Applies {@code change} (current value or null → new value or null to remove; the same instance for "no
     * change") and returns the value it was applied to. {@code change} must be free of side effects: it may run
     * more than once.
     */
    static <K, V> V update(IMap<K, V> map, K key, UnaryOperator<V> change, int attempts) {
        for (int attempt = 0; attempt < attempts; attempt++) {
            // From the owner, never from a near cache: a stale value would make every compare-and-set fail.
            EntryView<K, V> view = map.getEntryView(key);
            V current = view == null ? null : view.getValue();
            V next = change.apply(current);
            if (next == current || applied(map, key, current, next)) {
                return current;
            }
        }
        throw new CacheException(
                CacheException.Kind.CONFLICT,
                "too many concurrent changes to " + map.getName() + " '" + key + "', try again");
    }

    private static <K, V> boolean applied(IMap<K, V> map, K key, V current, V next) {
        if (current == null) {
            return map.putIfAbsent(key, next) == null;
        }
        return next == null ? map.remove(key, current) : map.replace(key, current, next);
    }
}
