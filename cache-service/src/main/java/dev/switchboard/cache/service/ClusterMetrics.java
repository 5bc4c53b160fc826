package dev.switchboard.cache.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hazelcast.core.HazelcastInstance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code switchboard_hazelcast_cluster_members}: the members this member sees in its cluster. Every member reports
 * it, so a split (members that see fewer than were deployed) shows as well as a member that is gone.
 */
@ApplicationScoped
public class ClusterMetrics {

    private final HazelcastInstance member;
    private final MeterRegistry registry;

    public ClusterMetrics(HazelcastInstance member, MeterRegistry registry) {
        this.member = member;
        this.registry = registry;
    }

    void register(@Observes StartupEvent started) {
        Gauge.builder("switchboard.hazelcast.cluster.members", member, ClusterMetrics::members)
                .description("Hazelcast members this member sees in its cluster")
                .register(registry);
    }

    private static int members(HazelcastInstance member) {
        return member.getLifecycleService().isRunning()
                ? member.getCluster().getMembers().size()
                : 0;
    }
}
