package dev.switchboard.cache.config;

import java.time.Duration;

import dev.switchboard.contract.settings.CacheSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * cache-service's own settings; defaults documented in docs/operations.md and docs/cache-api.md. The Cache API's
 * bounds under the same prefix are shared by every service that writes to it: {@link CacheSettings}.
 */
@ConfigMapping(prefix = "switchboard.cache")
public interface CacheServiceConfig {

    /** Most entries one list request may return. */
    @WithDefault("1000")
    int maxListSize();

    /** How often this member frees the entries of deleted caches past their retention. */
    @WithDefault("PT1M")
    Duration purgeInterval();

    /** Longest an add/addAll fetch from the upstream origin may take. */
    @WithDefault("PT10S")
    Duration upstreamTimeout();

    /** Origins that get their own metric series; the others are counted under {@code origin="other"}. */
    @WithDefault("1000")
    int metricsMaxOrigins();
}
