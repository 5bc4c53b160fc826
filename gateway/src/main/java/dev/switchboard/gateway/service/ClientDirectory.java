package dev.switchboard.gateway.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RecordClient;
import dev.switchboard.contract.hazelcast.RemoveIfHeldBy;
import dev.switchboard.gateway.concurrent.HazelcastCalls;
import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;

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
    private final Semaphore pending;

    public ClientDirectory(HazelcastInstance hazelcast, GatewayConfig config) {
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.owners = hazelcast.getMap(HazelcastNames.CLIENT_OWNERS);
        this.timeoutMillis = config.registryTimeout().toMillis();
        this.ownershipSeconds = config.resume().maxAge().toSeconds();
        this.pending = new Semaphore(config.registryMaxPending());
    }

    /** Records the client, and its owner for as long as its stream may be resumed. */
    public CompletionStage<Void> register(ClientRecord client) {
        // Both calls are issued here, on the caller's thread: never from Hazelcast's callback threads.
        return bounded(() -> CompletableFuture.allOf(
                owners.setAsync(client.clientId(), client.userId(), ownershipSeconds, TimeUnit.SECONDS)
                        .toCompletableFuture(),
                record(client).toCompletableFuture()));
    }

    /**
     * Records a client this node still holds once more ({@link ClientSessions#recordAgain}). Not bounded by
     * {@code registry-max-pending}, like a departure: every held client must be findable again.
     */
    public CompletionStage<Void> recordAgain(ClientRecord client) {
        return timed(record(client));
    }

    /** Writes the client's entry, keeping the controller it already names. */
    private CompletionStage<Void> record(ClientRecord client) {
        return clients.submitToKey(client.clientId(), RecordClient.of(client));
    }

    /**
     * Restarts the client's resume window: its owner entry lives {@code resume.max-age} from now. Called while
     * the client is connected (so a long connection does not lose it) and when it leaves (so the window counts
     * from then). Not bounded, like a departure; a failure only shortens the window, and is logged.
     */
    public void renewOwnership(String clientId, String userId) {
        owners.setAsync(clientId, userId, ownershipSeconds, TimeUnit.SECONDS).whenComplete((ignored, failure) -> {
            if (failure != null) {
                Log.debugf("resume window of client %s not renewed: %s", clientId, failure.getMessage());
            }
        });
    }

    /**
     * Removes the client's entry if this node still holds it (it may have resumed elsewhere meanwhile). Not
     * bounded by {@code registry-max-pending}: a departure must never be refused, or its entry would linger.
     */
    public CompletionStage<Void> unregister(String clientId, String nodeId) {
        return timed(clients.submitToKey(clientId, new RemoveIfHeldBy(nodeId)).thenApply(removed -> null));
    }

    /** The client's record, or {@code null} when it is not connected anywhere. */
    public CompletionStage<ClientRecord> find(String clientId) {
        return bounded(() -> clients.getAsync(clientId));
    }

    /** The user a client id belonged to within the resume window, or {@code null}. */
    public CompletionStage<String> ownerOf(String clientId) {
        return bounded(() -> owners.getAsync(clientId));
    }

    /** True when {@code registry-max-pending} calls are waiting: a new client would be refused anyway. */
    public boolean saturated() {
        return pending.availablePermits() == 0;
    }

    /** The call, if fewer than {@code registry-max-pending} are waiting; refused at once otherwise. */
    private <T> CompletionStage<T> bounded(Supplier<CompletionStage<T>> call) {
        if (!pending.tryAcquire()) {
            return CompletableFuture.failedFuture(new RegistryBusyException());
        }
        CompletionStage<T> started;
        try {
            started = call.get();
        } catch (RuntimeException e) {
            pending.release();
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<T> result = timed(started);
        result.whenComplete((value, failure) -> pending.release());
        return result;
    }

    /** The call, failed after the registry timeout (which also returns its permit: a timed-out call counts as done). */
    private <T> CompletionStage<T> timed(CompletionStage<T> call) {
        return HazelcastCalls.timed(call, timeoutMillis);
    }

    /** More registry calls are waiting than {@code registry-max-pending} allows. */
    public static final class RegistryBusyException extends RuntimeException {

        RegistryBusyException() {
            super("too many client registry calls waiting on this node", null, false, false);
        }
    }
}
