package dev.switchboard.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** cache-service settings; defaults documented in docs/operations.md. */
@ConfigMapping(prefix = "switchboard.cache")
public interface CacheServiceConfig {

    /** Most entries one list request may return. */
    @WithDefault("1000")
    int maxListSize();
}
