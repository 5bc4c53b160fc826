package dev.switchboard.cache.api.hazelcast;

/**
 * A cache whose name was deleted (value of {@code switchboard.cache.deleted}, keyed by cache id): its entries stay
 * for open handles until {@code deletedAtMillis} + retention, then {@link HazelcastCacheStorages#purgeDeleted} frees them.
 */
public record DeletedCache(String origin, long deletedAtMillis) {}
