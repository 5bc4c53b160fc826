package dev.switchboard.cache.api.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Near caching for Hazelcast clients that use the Cache API (workers): cache indexes and response heads are kept
 * on the client, so a repeated match costs no network round trip. Writes by this client invalidate its own copy at
 * once; writes by other nodes reach it through the cluster's invalidation events, so another node's change may be
 * seen late by that delay (docs/cache-api.md). Compare-and-set reads always go to the owner.
 */
public final class CacheNearCache {

    private CacheNearCache() {}

    /** Adds near caches of at most {@code maxEntries} entries each (LRU) for the index and response maps. */
    public static ClientConfig enable(ClientConfig config, int maxEntries) {
        for (String map :
                new String[] {HazelcastNames.CACHE_INDEXES, HazelcastNames.CACHE_RESPONSES, HazelcastNames.CACHE_CHUNKS
                }) {
            // OBJECT: a hit returns the cached record without deserialising it; the records are never mutated.
            config.addNearCacheConfig(new NearCacheConfig(map)
                    .setInvalidateOnChange(true)
                    .setInMemoryFormat(InMemoryFormat.OBJECT)
                    .setEvictionConfig(new EvictionConfig()
                            .setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                            .setSize(maxEntries)));
        }
        return config;
    }
}
