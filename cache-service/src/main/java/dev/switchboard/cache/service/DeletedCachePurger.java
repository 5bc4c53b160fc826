package dev.switchboard.cache.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.cache.config.CacheServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * Frees, every {@code purge-interval}, the entries of caches deleted longer than {@code deleted-cache-retention}
 * ago. Every member runs it; purging is idempotent, so members never free the same cache twice.
 */
@Startup
@ApplicationScoped
public class DeletedCachePurger {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "deleted-cache-purger");
        thread.setDaemon(true);
        return thread;
    });

    public DeletedCachePurger(HazelcastCacheStorages storages, CacheServiceConfig config) {
        long every = config.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> purge(storages), every, every, TimeUnit.MILLISECONDS);
    }

    private static void purge(HazelcastCacheStorages storages) {
        try {
            int purged = storages.purgeDeleted();
            if (purged > 0) {
                Log.infof("freed the entries of %d deleted caches", purged);
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "purging deleted caches failed; next try in one interval");
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
