package dev.switchboard.gateway.service;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Keeps the client registry free of ghosts. Each node renews a liveness entry (with a time to live) every
 * heartbeat; each node also sweeps the registry for clients of nodes whose entry has expired, i.e. nodes that
 * died without cleaning up. Entries younger than the expiry are left alone, so a node that has just started
 * is never swept before its first heartbeat lands. Sweeping is idempotent, so every node may do it. A node that
 * finds its own entry gone when it renews it was taken for dead (a pause longer than {@code node-expiry}): its
 * clients may have been swept, so it records them again.
 */
@ApplicationScoped
public class NodeLiveness {

    private final Vertx vertx;
    private final IMap<String, Long> nodes;
    private final IMap<String, ClientRecord> clients;
    private final GatewayConfig config;
    private final MeterRegistry meters;
    private final ClientSessions sessions;
    private final ChannelRequests channels;
    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile boolean renewedBefore;
    private volatile boolean recordAgainNext;
    private long timer = -1;

    public NodeLiveness(
            Vertx vertx,
            HazelcastInstance hazelcast,
            GatewayConfig config,
            MeterRegistry meters,
            ClientSessions sessions,
            ChannelRequests channels) {
        this.vertx = vertx;
        this.nodes = hazelcast.getMap(HazelcastNames.GATEWAY_NODES);
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.config = config;
        this.meters = meters;
        this.sessions = sessions;
        this.channels = channels;
    }

    void start(@Observes StartupEvent startup) {
        renew();
        timer = vertx.setPeriodic(config.nodeHeartbeatInterval().toMillis(), tick -> {
            // A tick that comes while the last one still runs (a slow cluster) is skipped, not run beside it.
            if (!beating.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(
                            () -> {
                                renew();
                                sweep();
                                return null;
                            },
                            false)
                    .onComplete(done -> {
                        beating.set(false);
                        if (done.failed()) {
                            Log.warnf("node heartbeat failed: %s", done.cause().getMessage());
                        }
                    });
        });
    }

    /**
     * Runs after the connections were closed (ShutdownEvent observers of ClientSessions run first). Waits at most
     * {@code registry-timeout}: without the cluster the entry simply expires ({@code node-expiry}).
     */
    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
        try {
            nodes.deleteAsync(config.nodeId())
                    .toCompletableFuture()
                    .get(config.registryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.warnf("this node's liveness entry was not removed (it expires after %s): %s", config.nodeExpiry(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Renews this node's entry; when it was gone, records this node's clients again, and once more at the next
     * heartbeat: a sweep another node started before the entry came back may still remove them meanwhile.
     */
    private void renew() {
        Long previous = nodes.put(
                config.nodeId(), System.currentTimeMillis(), config.nodeExpiry().toMillis(), TimeUnit.MILLISECONDS);
        boolean takenForDead = previous == null && renewedBefore;
        if (takenForDead || recordAgainNext) {
            sessions.recordAgain();
        }
        recordAgainNext = takenForDead;
        renewedBefore = true;
    }

    private void sweep() {
        Set<String> alive = nodes.keySet();
        long settled = System.currentTimeMillis() - config.nodeExpiry().toMillis();
        Predicate<String, ClientRecord> ghosts = Predicates.and(
                Predicates.not(Predicates.in("nodeId", alive.toArray(String[]::new))),
                Predicates.lessThan("connectedAtEpochMillis", settled));
        Set<String> removed = clients.keySet(ghosts);
        if (!removed.isEmpty()) {
            clients.removeAll(ghosts);
            meters.counter("switchboard.gateway.registry.ghosts.removed").increment(removed.size());
            Log.infof("removed %d clients of gateway nodes that are gone", removed.size());
        }
        channels.nodesGone(alive, settled);
    }
}
