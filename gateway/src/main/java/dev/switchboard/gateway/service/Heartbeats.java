package dev.switchboard.gateway.service;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * One timer per task for the whole node, not one per connection: WebSockets are pinged every
 * {@code websocket.ping-interval} (and closed when the last ping got no pong), event streams get a comment
 * every {@code sse.keep-alive-interval}, and every connected client's resume window is renewed at least every
 * half {@code resume.max-age}, spread over that period (each tick renews the clients of one slot).
 */
@ApplicationScoped
public class Heartbeats {

    private final Vertx vertx;
    private final LocalConnections local;
    private final ClientDirectory directory;
    private final GatewayConfig config;
    private long pingTimer = -1;
    private long keepAliveTimer = -1;
    private long ownershipTimer = -1;

    public Heartbeats(Vertx vertx, LocalConnections local, ClientDirectory directory, GatewayConfig config) {
        this.vertx = vertx;
        this.local = local;
        this.directory = directory;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        pingTimer = vertx.setPeriodic(
                config.websocket().pingInterval().toMillis(),
                tick -> local.ofTransport(Transports.WEBSOCKET).forEach(ClientConnection::heartbeat));
        keepAliveTimer =
                vertx.setPeriodic(config.sse().keepAliveInterval().toMillis(), tick -> local.ofTransport(Transports.SSE)
                        .forEach(ClientConnection::heartbeat));
        long period = Math.max(2, config.resume().maxAge().toMillis() / 2);
        long interval = Math.min(config.nodeHeartbeatInterval().toMillis(), period);
        int slots = (int) Math.max(1, period / interval);
        AtomicLong ticks = new AtomicLong();
        ownershipTimer =
                vertx.setPeriodic(interval, tick -> renewOwnership((int) (ticks.getAndIncrement() % slots), slots));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(pingTimer);
        vertx.cancelTimer(keepAliveTimer);
        vertx.cancelTimer(ownershipTimer);
    }

    private void renewOwnership(int slot, int slots) {
        for (ClientConnection connection : local.all()) {
            if (Math.floorMod(connection.clientId().hashCode(), slots) == slot) {
                directory.renewOwnership(connection.clientId(), connection.userId());
            }
        }
    }
}
