package dev.switchboard.contract.hazelcast;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.hazelcast.core.HazelcastInstance;

/** Ready while this service's Hazelcast member or client is running and sees the cluster. */
@Readiness
@ApplicationScoped
public class HazelcastReadinessCheck implements HealthCheck {

    private final HazelcastInstance hazelcast;
    private final HazelcastSettings settings;

    public HazelcastReadinessCheck(HazelcastInstance hazelcast, HazelcastSettings settings) {
        this.hazelcast = hazelcast;
        this.settings = settings;
    }

    @Override
    public HealthCheckResponse call() {
        boolean running = hazelcast.getLifecycleService().isRunning();
        int members = running ? hazelcast.getCluster().getMembers().size() : 0;
        return HealthCheckResponse.named("hazelcast")
                .status(running && members > 0)
                .withData("cluster", settings.clusterName())
                .withData("members", members)
                .build();
    }
}
