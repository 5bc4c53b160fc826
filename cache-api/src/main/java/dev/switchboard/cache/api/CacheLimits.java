package dev.switchboard.cache.api;

import java.time.Duration;

import dev.switchboard.contract.settings.CacheSettings;

/**
 * Bounds of the caches. Every service that writes to the Cache API (cache-service, worker-service for handlers, the
 * gateway's fast path) takes them from the same typed configuration, {@link CacheSettings}, through {@link #of};
 * {@link #DEFAULTS} are that mapping's defaults (docs/operations.md lists them).
 *
 * @param quotaBytes bytes one origin may store before its least recently used entries are evicted
 * @param maxBodyBytes largest response body accepted by put/add
 * @param chunkBytes bodies are stored in chunks of at most this size, so no grid value is larger
 * @param maxEntriesPerCache most entries one cache holds (its index is one grid value)
 * @param maxCachesPerOrigin most cache names one origin may have
 * @param maxUpdateAttempts optimistic retries of one change under contention before CONFLICT
 * @param deletedCacheRetention how long a deleted cache's entries stay for handles still open on it
 * @param maxOrigins most origins with caches, cluster-wide: what the grid holds is at most this times quotaBytes
 */
public record CacheLimits(
        long quotaBytes,
        long maxBodyBytes,
        int chunkBytes,
        int maxEntriesPerCache,
        int maxCachesPerOrigin,
        int maxUpdateAttempts,
        Duration deletedCacheRetention,
        int maxOrigins) {

    /** {@link CacheSettings}' defaults (a test holds them equal), for code and tests without configuration. */
    public static final CacheLimits DEFAULTS = new CacheLimits(
            50L * 1024 * 1024, 5L * 1024 * 1024, 256 * 1024, 10_000, 1_000, 64, Duration.ofMinutes(5), 1_000);

    public CacheLimits {
        if (quotaBytes < 1
                || maxBodyBytes < 0
                || chunkBytes < 1
                || maxEntriesPerCache < 1
                || maxCachesPerOrigin < 1
                || maxUpdateAttempts < 1
                || deletedCacheRetention.isNegative()
                || maxOrigins < 1) {
            throw new IllegalArgumentException("cache limits must be positive (retention not negative)");
        }
    }

    /** The limits {@code settings} configure ({@code switchboard.cache.*}). */
    public static CacheLimits of(CacheSettings settings) {
        return new CacheLimits(
                settings.quotaBytes(),
                settings.maxBodyBytes(),
                settings.chunkBytes(),
                settings.maxEntriesPerCache(),
                settings.maxCachesPerOrigin(),
                settings.maxUpdateAttempts(),
                settings.deletedCacheRetention(),
                settings.maxOrigins());
    }

    public CacheLimits withQuotaBytes(long quota) {
        return new CacheLimits(
                quota,
                maxBodyBytes,
                chunkBytes,
                maxEntriesPerCache,
                maxCachesPerOrigin,
                maxUpdateAttempts,
                deletedCacheRetention,
                maxOrigins);
    }

    public CacheLimits withChunkBytes(int chunk) {
        return new CacheLimits(
                quotaBytes,
                maxBodyBytes,
                chunk,
                maxEntriesPerCache,
                maxCachesPerOrigin,
                maxUpdateAttempts,
                deletedCacheRetention,
                maxOrigins);
    }

    public CacheLimits withMaxOrigins(int origins) {
        return new CacheLimits(
                quotaBytes,
                maxBodyBytes,
                chunkBytes,
                maxEntriesPerCache,
                maxCachesPerOrigin,
                maxUpdateAttempts,
                deletedCacheRetention,
                origins);
    }
}
