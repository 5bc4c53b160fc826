package dev.switchboard.gateway.service;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The connections this node holds, by client id and by user: where a delivery read from Kafka is written.
 */
@ApplicationScoped
public class LocalConnections {

    private final ConcurrentMap<String, ClientConnection> byClientId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<ClientConnection>> byUserId = new ConcurrentHashMap<>();

    public LocalConnections(MeterRegistry meters) {
        for (String transport : List.of(Transports.WEBSOCKET, Transports.SSE)) {
            Gauge.builder("switchboard.gateway.connections", this, self -> self.count(transport))
                    .description("Client connections held by this node")
                    .tag("transport", transport)
                    .register(meters);
        }
    }

    public void add(ClientConnection connection) {
        byClientId.put(connection.clientId(), connection);
        byUserId.computeIfAbsent(connection.userId(), user -> ConcurrentHashMap.newKeySet())
                .add(connection);
    }

    /** Removes the connection if it is still the one registered under its client id. */
    public boolean remove(ClientConnection connection) {
        byUserId.computeIfPresent(connection.userId(), (user, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
        return byClientId.remove(connection.clientId(), connection);
    }

    public Optional<ClientConnection> find(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    /** This node's connections of {@code userId} (any transport). */
    public Collection<ClientConnection> ofUser(String userId) {
        Set<ClientConnection> connections = byUserId.get(userId);
        return connections == null ? List.of() : List.copyOf(connections);
    }

    public Collection<ClientConnection> all() {
        return List.copyOf(byClientId.values());
    }

    public Collection<ClientConnection> ofTransport(String transport) {
        return byClientId.values().stream()
                .filter(c -> c.transport().equals(transport))
                .toList();
    }

    private long count(String transport) {
        return ofTransport(transport).size();
    }
}
