package dev.switchboard.cache.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.config.CacheServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Cache API metrics per origin: {@code switchboard_cache_hits_total}, {@code _misses_total},
 * {@code _evictions_total}, {@code _evicted_bytes_total} and the gauge {@code switchboard_cache_usage_bytes} (the
 * usage this node last saw). The number of origin tags is bounded; later origins share {@code origin="other"}.
 */
@ApplicationScoped
public class CacheMetrics implements CacheListener {

    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final int maxOrigins;
    private final Map<String, AtomicLong> usage = new ConcurrentHashMap<>();

    @Inject
    public CacheMetrics(MeterRegistry registry, CacheServiceConfig config) {
        this(registry, config.metricsMaxOrigins());
    }

    CacheMetrics(MeterRegistry registry, int maxOrigins) {
        this.registry = registry;
        this.maxOrigins = maxOrigins;
    }

    @Override
    public void hit(String origin) {
        registry.counter("switchboard.cache.hits", "origin", tag(origin)).increment();
    }

    @Override
    public void miss(String origin) {
        registry.counter("switchboard.cache.misses", "origin", tag(origin)).increment();
    }

    @Override
    public void evicted(String origin, long bytes) {
        registry.counter("switchboard.cache.evictions", "origin", tag(origin)).increment();
        registry.counter("switchboard.cache.evicted.bytes", "origin", tag(origin))
                .increment((double) bytes);
    }

    @Override
    public void usage(String origin, long bytes) {
        String tag = tag(origin);
        if (!tag.equals(OTHER)) {
            usage.get(tag).set(bytes);
        }
    }

    /** The origin's own tag while fewer than {@code metrics-max-origins} are tagged (checked loosely), else "other". */
    private String tag(String origin) {
        if (!usage.containsKey(origin)) {
            if (usage.size() >= maxOrigins) {
                return OTHER;
            }
            usage.computeIfAbsent(
                    origin,
                    key -> registry.gauge("switchboard.cache.usage.bytes", Tags.of("origin", key), new AtomicLong()));
        }
        return origin;
    }
}
