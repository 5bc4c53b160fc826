package dev.switchboard.gateway.service;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.gateway.config.GatewayConfig;

/**
 * The cluster-wide client registry in Hazelcast: which node holds which client, for whom. Every call is
 * asynchronous because callers run on Vert.x event loops, and fails after the configured timeout rather than
 * leaving a client waiting on a cluster that does not answer.
 */
@ApplicationScoped
public class ClientDirectory {

    private final IMap<String, ClientRecord> clients;
    private final long timeoutMillis;

    public ClientDirectory(HazelcastInstance hazelcast, GatewayConfig config) {
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.timeoutMillis = config.registryTimeout().toMillis();
    }

    public CompletionStage<Void> register(ClientRecord client) {
        return bounded(clients.setAsync(client.clientId(), client));
    }

    public CompletionStage<Void> unregister(String clientId) {
        return bounded(clients.deleteAsync(clientId).thenApply(removed -> null));
    }

    /** The client's record, or {@code null} when it is not connected anywhere. */
    public CompletionStage<ClientRecord> find(String clientId) {
        return bounded(clients.getAsync(clientId));
    }

    private <T> CompletionStage<T> bounded(CompletionStage<T> call) {
        return call.toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
