package dev.switchboard.cache.api;

import java.util.List;
import java.util.Optional;

/** One origin's caches: the browser's {@code CacheStorage} ({@code self.caches}), cluster-wide. */
public interface CacheStorage {

    /** The origin (tenant) this storage belongs to, e.g. {@code https://shop.example}. */
    String origin();

    /** The cache named {@code name}, created when absent. Names match exactly. */
    Cache open(String name);

    boolean has(String name);

    /** Removes the name; handles already open keep working on the cache's entries. True when the name existed. */
    boolean delete(String name);

    /** Cache names in creation order. */
    List<String> keys();

    /** The first match across the caches in creation order, or only in {@code cacheName} when given. */
    Optional<CacheResponse> match(CacheRequest request, QueryOptions options, String cacheName);

    default Optional<CacheResponse> match(CacheRequest request) {
        return match(request, QueryOptions.DEFAULT, null);
    }

    /** {@code navigator.storage.estimate()}: this origin's usage and quota in bytes. */
    StorageEstimate estimate();
}
