package dev.switchboard.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.transport.ClientConnection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * One timer per transport for the whole node, not one per connection: WebSockets are pinged every
 * {@code websocket.ping-interval} (and closed when the last ping got no pong), event streams get a comment
 * every {@code sse.keep-alive-interval}.
 */
@ApplicationScoped
public class Heartbeats {

    private final Vertx vertx;
    private final LocalConnections local;
    private final GatewayConfig config;
    private long pingTimer = -1;
    private long keepAliveTimer = -1;

    public Heartbeats(Vertx vertx, LocalConnections local, GatewayConfig config) {
        this.vertx = vertx;
        this.local = local;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        pingTimer = vertx.setPeriodic(config.websocket().pingInterval().toMillis(),
                tick -> local.ofTransport(Transports.WEBSOCKET).forEach(ClientConnection::heartbeat));
        keepAliveTimer = vertx.setPeriodic(config.sse().keepAliveInterval().toMillis(),
                tick -> local.ofTransport(Transports.SSE).forEach(ClientConnection::heartbeat));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(pingTimer);
        vertx.cancelTimer(keepAliveTimer);
    }
}
