package dev.switchboard.worker.scope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.ClientQueryOptions;
import dev.switchboard.worker.api.Clients;
import dev.switchboard.worker.event.EventClients;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.event.EventUser;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.Scopes;

/**
 * {@code self.clients} of one event: the cluster's client registry, seen from one version of one registration
 * and limited to the event's user ({@link EventContext#user()}), unless the registration holds the cross-user
 * capability ({@link RegistrationRecord#crossUserClients()}). Reading is what is limited; {@link #claim()} is not.
 */
final class ScopeClients implements Clients {

    /** Oldest connection first; the id makes the order total. */
    private static final Comparator<ClientRecord> ORDER =
            Comparator.comparingLong(ClientRecord::connectedAtEpochMillis).thenComparing(ClientRecord::clientId);

    private final IMap<String, ClientRecord> registry;
    private final Lifecycle lifecycle;
    private final RegistrationRecord registration;
    private final String version;
    private final EventContext event;
    private volatile Optional<String> user;

    ScopeClients(
            IMap<String, ClientRecord> registry,
            Lifecycle lifecycle,
            RegistrationRecord registration,
            String version,
            EventContext event) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.registration = registration;
        this.version = version;
        this.event = event;
    }

    @Override
    public Optional<Client> get(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(registry.get(id))
                .filter(c -> Scopes.inScope(registration.scope(), c.url()) && visible(c))
                .map(c -> EventClients.of(c, event));
    }

    @Override
    public List<Client> matchAll(ClientQueryOptions options) {
        List<Predicate<String, ClientRecord>> query = new ArrayList<>(List.of(Scopes.clientsIn(registration.scope())));
        if (!registration.crossUserClients()) {
            Optional<String> whose = user();
            if (whose.isEmpty()) {
                return List.of();
            }
            query.add(Predicates.equal("userId", whose.get()));
        }
        if (!options.includeUncontrolled()) {
            query.add(Predicates.equal("controller", version));
        }
        // The type is filtered here, not in the query: a record written before clients had a type has no such field.
        return registry.values(Predicates.and(query.toArray(Predicate[]::new))).stream()
                .filter(c -> options.type().matches(c.type()))
                .sorted(ORDER)
                .map(c -> EventClients.of(c, event))
                .toList();
    }

    @Override
    public void claim() {
        lifecycle.claim(registration.id(), version);
    }

    private boolean visible(ClientRecord client) {
        return registration.crossUserClients()
                || user().filter(client.userId()::equals).isPresent();
    }

    /** The event's user, looked up once per {@code self.clients()}. */
    private Optional<String> user() {
        Optional<String> known = user;
        if (known == null) {
            known = resolve(event.user());
            user = known;
        }
        return known;
    }

    /** A fetch names only its client: its user is the one the registry holds for it (empty once it left). */
    private Optional<String> resolve(EventUser named) {
        if (!named.userId().isEmpty()) {
            return Optional.of(named.userId());
        }
        if (named.clientId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(registry.get(named.clientId()))
                .map(ClientRecord::userId)
                .filter(id -> !id.isEmpty());
    }
}
