package dev.switchboard.cache.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class CacheMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CacheMetrics metrics = new CacheMetrics(registry, 2);

    @Test
    void countsHitsMissesEvictionsAndUsagePerOrigin() {
        metrics.hit("https://a.test");
        metrics.hit("https://a.test");
        metrics.miss("https://a.test");
        metrics.evicted("https://a.test", 300);
        metrics.usage("https://a.test", 1_200);

        assertThat(registry.get("switchboard.cache.hits")
                        .tag("origin", "https://a.test")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("switchboard.cache.misses")
                        .tag("origin", "https://a.test")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("switchboard.cache.evictions")
                        .tag("origin", "https://a.test")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("switchboard.cache.evicted.bytes")
                        .tag("origin", "https://a.test")
                        .counter()
                        .count())
                .isEqualTo(300);
        assertThat(registry.get("switchboard.cache.usage.bytes")
                        .tag("origin", "https://a.test")
                        .gauge()
                        .value())
                .isEqualTo(1_200);
    }

    @Test
    void originsBeyondTheLimitShareOneSeries() {
        metrics.hit("https://a.test");
        metrics.hit("https://b.test");
        metrics.hit("https://c.test");
        metrics.hit("https://d.test");
        metrics.usage("https://d.test", 99);

        assertThat(registry.get("switchboard.cache.hits")
                        .tag("origin", "other")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.find("switchboard.cache.hits")
                        .tag("origin", "https://c.test")
                        .counter())
                .isNull();
        assertThat(registry.find("switchboard.cache.usage.bytes")
                        .tag("origin", "other")
                        .gauge())
                .isNull();
        assertThat(registry.get("switchboard.cache.usage.bytes").gauges()).hasSize(2);
    }
}
