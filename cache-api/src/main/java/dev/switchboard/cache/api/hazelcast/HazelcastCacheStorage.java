package dev.switchboard.cache.api.hazelcast;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheException.Kind;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.QueryOptions;
import dev.switchboard.cache.api.StorageEstimate;

/** One origin's {@link CacheStorage}: its names → cache ids in one grid value, updated by compare-and-set. */
final class HazelcastCacheStorage implements CacheStorage {

    private final Grid grid;
    private final String origin;

    HazelcastCacheStorage(Grid grid, String origin) {
        this.grid = grid;
        this.origin = origin;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public Cache open(String name) {
        requireName(name);
        String existing = record().cacheId(name);
        if (existing != null) {
            return new HazelcastCache(grid, origin, existing);
        }
        if (record() == StorageRecord.EMPTY && grid.storages.size() >= grid.limits.maxOrigins()) {
            // A soft cap: origins opening their first cache at the same instant may pass it together.
            throw new CacheException(
                    Kind.QUOTA_EXCEEDED,
                    "the Cache API holds the caches of " + grid.limits.maxOrigins() + " origins, the most allowed");
        }
        String created = UUID.randomUUID().toString();
        StorageRecord before = Atomically.update(
                grid.storages,
                origin,
                current -> {
                    StorageRecord names = current == null ? StorageRecord.EMPTY : current;
                    if (names.indexOf(name) >= 0) {
                        return current;
                    }
                    if (names.names().length >= grid.limits.maxCachesPerOrigin()) {
                        throw new CacheException(
                                Kind.QUOTA_EXCEEDED,
                                "an origin has at most " + grid.limits.maxCachesPerOrigin() + " caches");
                    }
                    return names.with(name, created);
                },
                grid.limits.maxUpdateAttempts());
        String winner = before == null ? null : before.cacheId(name);
        return new HazelcastCache(grid, origin, winner == null ? created : winner);
    }

    @Override
    public boolean has(String name) {
        return record().indexOf(requireName(name)) >= 0;
    }

    @Override
    public boolean delete(String name) {
        requireName(name);
        StorageRecord before = Atomically.update(
                grid.storages,
                origin,
                current -> {
                    if (current == null || current.indexOf(name) < 0) {
                        return current;
                    }
                    StorageRecord remaining = current.without(name);
                    return remaining.names().length == 0 ? null : remaining;
                },
                grid.limits.maxUpdateAttempts());
        String cacheId = before == null ? null : before.cacheId(name);
        if (cacheId == null) {
            return false;
        }
        grid.deleted.set(cacheId, new DeletedCache(origin, grid.clock.getAsLong()));
        return true;
    }

    @Override
    public List<String> keys() {
        return record().decodedNames();
    }

    @Override
    public Optional<CacheResponse> match(CacheRequest request, QueryOptions options, String cacheName) {
        if (request == null) {
            throw new CacheException(Kind.TYPE_ERROR, "a request is required");
        }
        CacheRequest query =
                new CacheRequest(request.method(), CacheUrls.resolve(origin, request.url()), request.headers());
        StorageRecord names = record();
        List<String> cacheIds = cacheName == null
                ? Arrays.asList(names.cacheIds())
                : Optional.ofNullable(names.cacheId(cacheName)).stream().toList();
        for (String cacheId : cacheIds) {
            Optional<CacheResponse> found = new HazelcastCache(grid, origin, cacheId).find(query, options);
            if (found.isPresent()) {
                return found;
            }
        }
        grid.listener.miss(origin);
        return Optional.empty();
    }

    @Override
    public StorageEstimate estimate() {
        return new StorageEstimate(grid.usage(origin), grid.limits.quotaBytes());
    }

    private StorageRecord record() {
        StorageRecord record = grid.storages.get(origin);
        return record == null ? StorageRecord.EMPTY : record;
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new CacheException(Kind.TYPE_ERROR, "a cache name is required");
        }
        return name;
    }
}
