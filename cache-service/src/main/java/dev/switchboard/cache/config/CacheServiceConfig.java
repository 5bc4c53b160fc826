package dev.switchboard.cache.config;

import java.time.Duration;

import dev.switchboard.cache.api.CacheLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** cache-service settings; defaults documented in docs/operations.md and docs/cache-api.md. */
@ConfigMapping(prefix = "switchboard.cache")
public interface CacheServiceConfig {

    /** Most entries one list request may return. */
    @WithDefault("1000")
    int maxListSize();

    /** Bytes one origin may store; past it, its least recently used entries are evicted. 50 MiB. */
    @WithDefault("52428800")
    long quotaBytes();

    /** Largest response body put/add accept (and the most read from an upstream). 5 MiB. */
    @WithDefault("5242880")
    long maxBodyBytes();

    /** Bodies are stored in chunks of at most this many bytes. 256 KiB. */
    @WithDefault("262144")
    int chunkBytes();

    /** Most entries one cache holds. */
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

    /** How often this member frees the entries of deleted caches past their retention. */
    @WithDefault("PT1M")
    Duration purgeInterval();

    /** Longest an add/addAll fetch from the upstream origin may take. */
    @WithDefault("PT10S")
    Duration upstreamTimeout();

    /**
     * Most origins with caches, cluster-wide; the first cache of one more origin is refused (413 quota-exceeded). What
     * the Cache API holds is at most this times {@link #quotaBytes()}.
     */
    @WithDefault("1000")
    int maxOrigins();

    /** Origins that get their own metric series; the others are counted under {@code origin="other"}. */
    @WithDefault("1000")
    int metricsMaxOrigins();

    default CacheLimits limits() {
        return new CacheLimits(quotaBytes(), maxBodyBytes(), chunkBytes(), maxEntriesPerCache(), maxCachesPerOrigin(),
                maxUpdateAttempts(), deletedCacheRetention(), maxOrigins());
    }
}
