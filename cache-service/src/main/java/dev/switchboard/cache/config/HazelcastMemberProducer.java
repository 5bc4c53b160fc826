package dev.switchboard.cache.config;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastCallbacks;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.contract.hazelcast.HazelcastSettings;
import io.quarkus.runtime.Startup;

/**
 * cache-service is a Hazelcast member: it holds the data. Started eagerly so a replica joins the cluster (and
 * takes its share of partitions and backups) as soon as it boots, not on first use.
 */
public class HazelcastMemberProducer {

    @Produces
    @Singleton
    @Startup
    HazelcastInstance member(HazelcastSettings settings) {
        HazelcastCallbacks.install(settings);
        return Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings));
    }

    void leave(@Disposes HazelcastInstance member) {
        member.shutdown();
    }
}
