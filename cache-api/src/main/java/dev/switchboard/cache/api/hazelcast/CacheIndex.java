package dev.switchboard.cache.api.hazelcast;

/**
 * One cache's entries in insertion order (value of {@code switchboard.cache.indexes}, keyed by cache id). Small:
 * bodies live elsewhere, so a query reads one value and a cache holds at most {@code max-entries-per-cache}.
 */
public record CacheIndex(IndexEntry[] entries) {

    static final CacheIndex EMPTY = new CacheIndex(new IndexEntry[0]);
}
