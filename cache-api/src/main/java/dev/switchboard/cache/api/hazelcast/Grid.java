package dev.switchboard.cache.api.hazelcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Upstream;
import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * The distributed maps behind every origin's caches and what they share: bodies in chunks, usage accounting and
 * LRU eviction. The layout is described in docs/cache-api.md; the maps' names are in {@link HazelcastNames}.
 */
final class Grid {

    final IMap<String, StorageRecord> storages;
    final IMap<String, CacheIndex> indexes;
    final IMap<String, StoredResponse> responses;
    final IMap<String, byte[]> chunks;
    final IMap<String, EntryUsage> entryUsage;
    final IMap<String, Long> usage;
    final IMap<String, DeletedCache> deleted;
    final CacheLimits limits;
    final Upstream upstream;
    final CacheListener listener;
    final LongSupplier clock;

    Grid(
            HazelcastInstance hazelcast,
            CacheLimits limits,
            Upstream upstream,
            CacheListener listener,
            LongSupplier clock) {
        this.storages = hazelcast.getMap(HazelcastNames.CACHE_STORAGES);
        this.indexes = hazelcast.getMap(HazelcastNames.CACHE_INDEXES);
        this.responses = hazelcast.getMap(HazelcastNames.CACHE_RESPONSES);
        this.chunks = hazelcast.getMap(HazelcastNames.CACHE_CHUNKS);
        this.entryUsage = hazelcast.getMap(HazelcastNames.CACHE_ENTRY_USAGE);
        this.usage = hazelcast.getMap(HazelcastNames.CACHE_USAGE);
        this.deleted = hazelcast.getMap(HazelcastNames.CACHE_DELETED);
        this.entryUsage.addIndex(IndexType.HASH, "origin");
        this.limits = limits;
        this.upstream = upstream;
        this.listener = listener;
        this.clock = clock;
    }

    /** Writes a response's body chunks and its accounting; the entry is invisible until an index names it. */
    void store(String origin, String cacheId, IndexEntry entry, CacheResponse response) {
        byte[] body = response.body();
        int chunkSize = limits.chunkBytes();
        int chunkCount = Math.max(1, (body.length + chunkSize - 1) / chunkSize);
        for (int i = 1; i < chunkCount; i++) {
            chunks.set(
                    chunkKey(entry.entryId(), i),
                    Arrays.copyOfRange(body, i * chunkSize, Math.min(body.length, (i + 1) * chunkSize)));
        }
        String[][] headers = IndexEntry.split(response.headers());
        responses.set(
                entry.entryId(),
                new StoredResponse(
                        response.status(),
                        response.statusText(),
                        headers[0],
                        headers[1],
                        response.url(),
                        Arrays.copyOf(body, Math.min(body.length, chunkSize)),
                        chunkCount,
                        body.length));
        entryUsage.set(entry.entryId(), new EntryUsage(origin, cacheId, entry.bytes(), clock.getAsLong()));
    }

    /** The stored response of an entry, or null when it was removed meanwhile. */
    CacheResponse load(String entryId) {
        StoredResponse stored = responses.get(entryId);
        if (stored == null) {
            return null;
        }
        if (stored.chunks() == 1 && stored.firstChunk().length == stored.bodyLength()) {
            // The whole body in one chunk: handed out as stored, not copied (a near cache's hit shares it; bodies
            // are never written to once stored).
            return response(stored, stored.firstChunk());
        }
        byte[] body = Arrays.copyOf(stored.firstChunk(), stored.bodyLength());
        if (stored.chunks() > 1) {
            Set<String> keys = new HashSet<>();
            for (int i = 1; i < stored.chunks(); i++) {
                keys.add(chunkKey(entryId, i));
            }
            Map<String, byte[]> rest = chunks.getAll(keys);
            for (int i = 1; i < stored.chunks(); i++) {
                byte[] chunk = rest.get(chunkKey(entryId, i));
                if (chunk == null) {
                    return null; // removed while we read it
                }
                System.arraycopy(chunk, 0, body, i * limits.chunkBytes(), chunk.length);
            }
        }
        return response(stored, body);
    }

    private static CacheResponse response(StoredResponse stored, byte[] body) {
        return new CacheResponse(
                stored.status(),
                stored.statusText(),
                IndexEntry.join(stored.headerNames(), stored.headerValues()),
                body,
                stored.url());
    }

    /** Marks an entry as just used, without waiting. */
    void touch(String entryId) {
        entryUsage.submitToKey(entryId, new TouchEntry(clock.getAsLong()));
    }

    /** Deletes the bodies and accounting of entries no index names any more, and gives their bytes back. */
    void free(String origin, Collection<IndexEntry> entries) {
        long bytes = 0;
        for (IndexEntry entry : entries) {
            StoredResponse stored = responses.remove(entry.entryId());
            if (stored != null) {
                for (int i = 1; i < stored.chunks(); i++) {
                    chunks.delete(chunkKey(entry.entryId(), i));
                }
            }
            entryUsage.delete(entry.entryId());
            bytes += entry.bytes();
        }
        if (bytes > 0) {
            addUsage(origin, -bytes);
        }
    }

    /** Deletes what {@link #store} wrote for entries that never made it into an index (no usage was counted). */
    void discard(Collection<IndexEntry> entries) {
        for (IndexEntry entry : entries) {
            StoredResponse stored = responses.remove(entry.entryId());
            for (int i = 1; stored != null && i < stored.chunks(); i++) {
                chunks.delete(chunkKey(entry.entryId(), i));
            }
            entryUsage.delete(entry.entryId());
        }
    }

    long addUsage(String origin, long delta) {
        long now = usage.executeOnKey(origin, new AddUsage(delta));
        listener.usage(origin, now);
        return now;
    }

    long usage(String origin) {
        Long now = usage.get(origin);
        return now == null ? 0 : now;
    }

    /**
     * While the origin is over its quota, removes its least recently used entries (never those in {@code keep}).
     * An entry counts as evicted only when this call took it out of its index, so racing evictions never free
     * the same bytes twice.
     */
    void evictIfOverQuota(String origin, Set<String> keep) {
        long used = usage(origin);
        if (used <= limits.quotaBytes()) {
            return;
        }
        Collection<Map.Entry<String, EntryUsage>> candidates = entryUsage.entrySet(Predicates.equal("origin", origin));
        List<Map.Entry<String, EntryUsage>> oldestFirst = new ArrayList<>(candidates);
        oldestFirst.sort(
                Comparator.comparingLong(candidate -> candidate.getValue().lastUsedMillis()));
        for (Map.Entry<String, EntryUsage> candidate : oldestFirst) {
            if (used <= limits.quotaBytes()) {
                return;
            }
            if (keep.contains(candidate.getKey())) {
                continue;
            }
            IndexEntry removed = removeFromIndex(candidate.getValue().cacheId(), candidate.getKey());
            if (removed != null) {
                free(origin, List.of(removed));
                used = usage(origin);
                listener.evicted(origin, removed.bytes());
            }
        }
    }

    private IndexEntry removeFromIndex(String cacheId, String entryId) {
        CacheIndex before = Atomically.update(
                indexes,
                cacheId,
                current -> {
                    if (current == null
                            || Arrays.stream(current.entries())
                                    .noneMatch(entry -> entry.entryId().equals(entryId))) {
                        return current;
                    }
                    return new CacheIndex(Arrays.stream(current.entries())
                            .filter(entry -> !entry.entryId().equals(entryId))
                            .toArray(IndexEntry[]::new));
                },
                limits.maxUpdateAttempts());
        return before == null
                ? null
                : Arrays.stream(before.entries())
                        .filter(entry -> entry.entryId().equals(entryId))
                        .findFirst()
                        .orElse(null);
    }

    private static String chunkKey(String entryId, int index) {
        return entryId + "/" + index;
    }
}
