package dev.switchboard.contract.settings;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The bounds of the Cache API, the same for every service that writes to it: cache-service (its HTTP API),
 * worker-service (handlers write through the Cache API) and the gateway (the fast path revalidates into it). The
 * quota is enforced by the writer, so a service that did not read these would not be bound by them. Defaults in
 * docs/operations.md ("Every service"); checked at start-up by {@link SharedSettingsCheck}.
 */
@ConfigMapping(prefix = "switchboard.cache")
public interface CacheSettings {

    /** Bytes one origin may store; past it, its least recently used entries are evicted. 50 MiB. */
    @WithDefault("52428800")
    long quotaBytes();

    /** Largest response body put/add accept (and the most read from an upstream). 5 MiB. */
    @WithDefault("5242880")
    long maxBodyBytes();

    /** Bodies are stored in chunks of at most this many bytes, so no grid value is larger. 256 KiB. */
    @WithDefault("262144")
    int chunkBytes();

    /** Most entries one cache holds (its index is one grid value). */
    @WithDefault("10000")
    int maxEntriesPerCache();

    /** Most cache names one origin may have. */
    @WithDefault("1000")
    int maxCachesPerOrigin();

    /** Optimistic retries of one change under contention before the caller gets a conflict. */
    @WithDefault("64")
    int maxUpdateAttempts();

    /** How long a deleted cache's entries stay for handles still open on it. */
    @WithDefault("PT5M")
    Duration deletedCacheRetention();

    /**
     * Most origins with caches, cluster-wide; the first cache of one more origin is refused (quota-exceeded). What
     * the Cache API holds is at most this times {@link #quotaBytes()}.
     */
    @WithDefault("1000")
    int maxOrigins();
}
