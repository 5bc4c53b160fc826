package dev.switchboard.gateway.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RemoveIfHeldBy;
import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The cluster-wide client registry in Hazelcast: which node holds which client, for whom; and, for the resume
 * window, whose a client id was. Every call is asynchronous because callers run on Vert.x event loops, and fails
 * after the configured timeout rather than leaving a client waiting on a cluster that does not answer.
 */
@ApplicationScoped
public class ClientDirectory {

    private final IMap<String, ClientRecord> clients;
    private final IMap<String, String> owners;
    private final long timeoutMillis;
    private final long ownershipSeconds;

    public ClientDirectory(HazelcastInstance hazelcast, GatewayConfig config) {
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.owners = hazelcast.getMap(HazelcastNames.CLIENT_OWNERS);
        this.timeoutMillis = config.registryTimeout().toMillis();
        this.ownershipSeconds = config.resume().maxAge().toSeconds();
    }

    /** Records the client, and its owner for as long as its stream may be resumed. */
    public CompletionStage<Void> register(ClientRecord client) {
        // Both calls are issued here, on the caller's thread: never from Hazelcast's callback threads.
        return bounded(CompletableFuture.allOf(
                owners.setAsync(client.clientId(), client.userId(), ownershipSeconds, TimeUnit.SECONDS)
                        .toCompletableFuture(),
                clients.setAsync(client.clientId(), client).toCompletableFuture()));
    }

    /** Removes the client's entry if this node still holds it (it may have resumed elsewhere meanwhile). */
    public CompletionStage<Void> unregister(String clientId, String nodeId) {
        return bounded(clients.submitToKey(clientId, new RemoveIfHeldBy(nodeId)).thenApply(removed -> null));
    }

    /** The client's record, or {@code null} when it is not connected anywhere. */
    public CompletionStage<ClientRecord> find(String clientId) {
        return bounded(clients.getAsync(clientId));
    }

    /** The user a client id belonged to within the resume window, or {@code null}. */
    public CompletionStage<String> ownerOf(String clientId) {
        return bounded(owners.getAsync(clientId));
    }

    /**
     * The call, failed after the registry timeout, and completed back on the caller's Vert.x context:
     * Hazelcast runs callbacks on its own executor (a new thread per task on small machines), where our code
     * must not continue.
     */
    private <T> CompletionStage<T> bounded(CompletionStage<T> call) {
        Context caller = Vertx.currentContext();
        CompletableFuture<T> result = new CompletableFuture<>();
        call.toCompletableFuture().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            if (caller == null) {
                complete(result, value, failure);
            } else {
                caller.runOnContext(ignored -> complete(result, value, failure));
            }
        });
        return result;
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }
}
