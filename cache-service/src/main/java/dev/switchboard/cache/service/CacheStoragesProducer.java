package dev.switchboard.cache.service;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.cache.config.CacheServiceConfig;
import dev.switchboard.contract.settings.CacheSettings;
import dev.switchboard.outbound.OutboundHttp;

/**
 * The Cache API on this member, with the configured limits, metrics, and an upstream for add/addAll that goes
 * through the outbound policy and carries only the CORS-safelisted headers of the requests it is given: an
 * add-all over the HTTP API is made on nobody's behalf, so no caller-chosen header (a cookie, a metadata flavour)
 * travels. It lives beside the metrics it wires in, so that service depends on config and never the other way
 * round.
 */
public class CacheStoragesProducer {

    @Produces
    @Singleton
    HazelcastCacheStorages cacheStorages(
            HazelcastInstance member,
            CacheServiceConfig config,
            CacheSettings limits,
            CacheMetrics metrics,
            OutboundHttp outbound) {
        return new HazelcastCacheStorages(
                member,
                CacheLimits.of(limits),
                HttpUpstream.safelisted(outbound, config.upstreamTimeout(), limits.maxBodyBytes()),
                metrics);
    }
}
