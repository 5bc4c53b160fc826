package dev.switchboard.cache.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.settings.CacheSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The limits every writer of the Cache API applies are those {@code switchboard.cache.*} configures. */
class CacheLimitsTest {

    @Test
    void theDefaultsAreTheMappingsDefaults() {
        assertThat(CacheLimits.of(settings(Map.of()))).isEqualTo(CacheLimits.DEFAULTS);
    }

    @Test
    void everyConfiguredLimitIsApplied() {
        CacheLimits limits = CacheLimits.of(settings(Map.of(
                "switchboard.cache.quota-bytes",
                "4096",
                "switchboard.cache.max-body-bytes",
                "2048",
                "switchboard.cache.chunk-bytes",
                "512",
                "switchboard.cache.max-entries-per-cache",
                "7",
                "switchboard.cache.max-caches-per-origin",
                "3",
                "switchboard.cache.max-update-attempts",
                "2",
                "switchboard.cache.deleted-cache-retention",
                "PT1S",
                "switchboard.cache.max-origins",
                "5")));
        assertThat(limits).isEqualTo(new CacheLimits(4096, 2048, 512, 7, 3, 2, Duration.ofSeconds(1), 5));
    }

    private static CacheSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(CacheSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(CacheSettings.class);
    }
}
