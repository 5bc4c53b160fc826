package dev.switchboard.cache.api.hazelcast;

/**
 * Accounting of one entry for quota and LRU (value of {@code switchboard.cache.entry-usage}, keyed by entry id,
 * indexed by origin): which cache holds it, its size, when it was last matched or stored.
 */
public record EntryUsage(String origin, String cacheId, long bytes, long lastUsedMillis) {}
