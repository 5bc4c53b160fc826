package dev.switchboard.cache.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.cache.service.CacheMetrics;

/** The Cache API on this member, with the configured limits, an HTTP upstream for add/addAll and metrics. */
public class CacheStoragesProducer {

    @Produces
    @Singleton
    HazelcastCacheStorages cacheStorages(HazelcastInstance member, CacheServiceConfig config, CacheMetrics metrics) {
        return new HazelcastCacheStorages(member, config.limits(), new HttpUpstream(config.upstreamTimeout(), config.maxBodyBytes()),
                metrics);
    }
}
