package dev.switchboard.cache.service;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;

/** Read access to the client registry the gateways write, for operators and non-Java tools. */
@ApplicationScoped
public class ClientRegistry {

    private final IMap<String, ClientRecord> clients;

    public ClientRegistry(HazelcastInstance hazelcast) {
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
    }

    public Optional<ClientRecord> find(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /** Clients of one user, or all clients when {@code userId} is null, oldest connection first, at most {@code limit}. */
    public List<ClientRecord> list(String userId, int limit) {
        Collection<ClientRecord> matching =
                userId == null ? clients.values() : clients.values(Predicates.equal("userId", userId));
        return matching.stream()
                .sorted(Comparator.comparingLong(ClientRecord::connectedAtEpochMillis))
                .limit(limit)
                .toList();
    }
}
