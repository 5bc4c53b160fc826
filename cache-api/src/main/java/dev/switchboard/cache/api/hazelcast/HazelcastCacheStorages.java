package dev.switchboard.cache.api.hazelcast;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.query.Predicates;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.CacheStorages;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.Upstream;

/**
 * The Cache API on a Hazelcast cluster, usable from a member (cache-service) or a client (a worker). Stateless
 * apart from the grid: any number of instances on any number of nodes see the same caches.
 */
public final class HazelcastCacheStorages implements CacheStorages {

    private static final Logger LOG = Logger.getLogger(HazelcastCacheStorages.class);

    private final Grid grid;

    public HazelcastCacheStorages(
            HazelcastInstance hazelcast, CacheLimits limits, Upstream upstream, CacheListener listener) {
        this(new Grid(hazelcast, limits, upstream, listener, System::currentTimeMillis));
    }

    HazelcastCacheStorages(Grid grid) {
        this.grid = grid;
    }

    @Override
    public CacheStorage forOrigin(String origin) {
        return new HazelcastCacheStorage(grid, CacheUrls.origin(origin));
    }

    /**
     * Frees the entries of caches whose name was deleted longer than {@code deleted-cache-retention} ago; returns
     * how many caches it freed. Safe to run on several nodes at once: only the node that removes an index frees it.
     */
    public int purgeDeleted() {
        long before =
                grid.clock.getAsLong() - grid.limits.deletedCacheRetention().toMillis();
        int purged = 0;
        for (Map.Entry<String, DeletedCache> deleted :
                grid.deleted.entrySet(Predicates.lessEqual("deletedAtMillis", before))) {
            CacheIndex index = grid.indexes.remove(deleted.getKey());
            if (index != null) {
                List<IndexEntry> entries = Arrays.asList(index.entries());
                grid.free(deleted.getValue().origin(), entries);
                purged++;
            }
            grid.deleted.delete(deleted.getKey());
        }
        if (purged > 0) {
            LOG.debugf("freed the entries of %d deleted caches", purged);
        }
        return purged;
    }
}
