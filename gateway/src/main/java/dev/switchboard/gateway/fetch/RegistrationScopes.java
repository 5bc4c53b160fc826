package dev.switchboard.gateway.fetch;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * This node's snapshot of every registration's scope (from {@link HazelcastNames#REGISTRATIONS}), kept current by
 * an entry listener, so that deciding whether a request is intercepted costs no cluster call. Bounded by
 * {@code fetch.max-registrations}. Each registration's declared routes are parsed once per change.
 */
@ApplicationScoped
public class RegistrationScopes {

    /** A registration with its parsed fast-path routes (none when its declaration is malformed). */
    public record Scoped(RegistrationRecord record, DeclaredRoutes routes) {}

    private final IMap<String, RegistrationRecord> registrations;
    private final int maxRegistrations;
    private final Map<String, Scoped> byScope = new ConcurrentHashMap<>();
    private final Map<String, String> scopeById = new ConcurrentHashMap<>();
    private UUID listener;

    public RegistrationScopes(HazelcastInstance hazelcast, GatewayConfig config) {
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.maxRegistrations = config.fetch().maxRegistrations();
    }

    void start(@Observes StartupEvent started) {
        listener = registrations.addEntryListener(new Changes(), true);
        registrations.values().forEach(this::put);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (listener != null) {
            try {
                registrations.removeEntryListener(listener);
            } catch (RuntimeException e) {
                Log.debugf("registration listener not removed: %s", e.getMessage());
            }
        }
    }

    /** The registration whose scope is the longest prefix of {@code url}. */
    public Optional<Scoped> forUrl(String url) {
        for (int end = url.length(); end > 0; end--) {
            Scoped scoped = byScope.get(url.substring(0, end));
            if (scoped != null) {
                return Optional.of(scoped);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return scopeById.size();
    }

    private synchronized void put(RegistrationRecord record) {
        String previousScope = scopeById.get(record.id());
        if (previousScope == null && scopeById.size() >= maxRegistrations) {
            Log.errorf(
                    "ignoring registration %s: this node already knows fetch.max-registrations=%d",
                    record.id(), maxRegistrations);
            return;
        }
        Scoped known = previousScope == null ? null : byScope.get(previousScope);
        if (known != null && known.record().updatedAtEpochMillis() > record.updatedAtEpochMillis()) {
            return; // the initial load read an older record than the listener already applied
        }
        if (previousScope != null && !previousScope.equals(record.scope())) {
            byScope.remove(previousScope);
        }
        scopeById.put(record.id(), record.scope());
        byScope.put(record.scope(), new Scoped(record, routes(record)));
    }

    private synchronized void remove(String id) {
        String scope = scopeById.remove(id);
        if (scope != null) {
            byScope.remove(scope);
        }
    }

    private static DeclaredRoutes routes(RegistrationRecord record) {
        try {
            return DeclaredRoutes.parse(record.routesJson());
        } catch (IllegalArgumentException e) {
            // The runtime validates routes when a version activates; a bad record only loses its fast path.
            Log.warnf(
                    "registration %s declares routes the gateway cannot read (%s): no fast path",
                    record.id(), e.getMessage());
            return DeclaredRoutes.NONE;
        }
    }

    /** Runs on Hazelcast's event threads: only touches the local maps. */
    private final class Changes
            implements EntryAddedListener<String, RegistrationRecord>,
                    EntryUpdatedListener<String, RegistrationRecord>,
                    EntryRemovedListener<String, RegistrationRecord>,
                    EntryEvictedListener<String, RegistrationRecord> {

        @Override
        public void entryAdded(EntryEvent<String, RegistrationRecord> event) {
            put(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, RegistrationRecord> event) {
            put(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, RegistrationRecord> event) {
            remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, RegistrationRecord> event) {
            remove(event.getKey());
        }
    }
}
