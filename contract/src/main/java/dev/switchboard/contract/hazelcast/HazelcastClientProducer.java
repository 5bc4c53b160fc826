package dev.switchboard.contract.hazelcast;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import io.quarkus.arc.DefaultBean;

/**
 * Services other than cache-service reach the cluster as Hazelcast clients: edge and worker nodes come and go
 * without moving partitions. cache-service, a member, replaces this default with its own producer.
 */
public class HazelcastClientProducer {

    @Produces
    @Singleton
    @DefaultBean
    HazelcastInstance hazelcastClient(HazelcastSettings settings) {
        HazelcastCallbacks.install(settings);
        return HazelcastClient.newHazelcastClient(HazelcastConfigs.client(settings));
    }

    void close(@Disposes HazelcastInstance instance) {
        instance.shutdown();
    }
}
