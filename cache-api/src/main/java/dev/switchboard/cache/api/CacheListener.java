package dev.switchboard.cache.api;

/** Observes what the caches do, per origin; cache-service turns these into metrics. Must not block. */
public interface CacheListener {

    CacheListener NONE = new CacheListener() {};

    default void hit(String origin) {}

    default void miss(String origin) {}

    default void evicted(String origin, long bytes) {}

    /** The origin's usage after a change, in bytes. */
    default void usage(String origin, long bytes) {}
}
