package dev.switchboard.push.service;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * Asks the gateway's client registry whether a user has a client connected anywhere in the cluster: then a push
 * wakes the worker (which may show a notification on those clients) instead of going out by Web Push.
 */
@ApplicationScoped
public class ConnectedClients {

    private final IMap<String, ClientRecord> clients;

    public ConnectedClients(HazelcastInstance hazelcast) {
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
    }

    public boolean anyOf(String userId) {
        return !clients.keySet(Predicates.equal("userId", userId)).isEmpty();
    }
}
