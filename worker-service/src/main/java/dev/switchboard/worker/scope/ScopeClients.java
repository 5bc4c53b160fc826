package dev.switchboard.worker.scope;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.Clients;
import dev.switchboard.worker.event.EventClients;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.Scopes;

/** {@code self.clients} of one event: the cluster's client registry, seen from one version of one registration. */
final class ScopeClients implements Clients {

    private final IMap<String, ClientRecord> registry;
    private final Lifecycle lifecycle;
    private final RegistrationRecord registration;
    private final String version;
    private final EventContext event;

    ScopeClients(IMap<String, ClientRecord> registry, Lifecycle lifecycle, RegistrationRecord registration,
            String version, EventContext event) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.registration = registration;
        this.version = version;
        this.event = event;
    }

    @Override
    public Optional<Client> get(String id) {
        return Optional.ofNullable(registry.get(id)).filter(c -> Scopes.inScope(registration.scope(), c.url()))
                .map(c -> EventClients.of(c, event));
    }

    @Override
    public List<Client> matchAll(boolean includeUncontrolled) {
        var inScope = Scopes.clientsIn(registration.scope());
        var query = includeUncontrolled ? inScope
                : Predicates.<String, ClientRecord>and(inScope, Predicates.equal("controller", version));
        return registry.values(query).stream()
                .sorted(Comparator.comparingLong(ClientRecord::connectedAtEpochMillis))
                .map(c -> EventClients.of(c, event)).toList();
    }

    @Override
    public void claim() {
        lifecycle.claim(registration.id(), version);
    }
}
