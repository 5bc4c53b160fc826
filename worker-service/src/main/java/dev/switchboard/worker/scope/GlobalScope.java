package dev.switchboard.worker.scope;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.api.BroadcastChannel;
import dev.switchboard.worker.api.Clients;
import dev.switchboard.worker.api.MessageChannel;
import dev.switchboard.worker.api.Registration;
import dev.switchboard.worker.api.WorkerGlobalScope;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.lifecycle.Scopes;
import dev.switchboard.worker.strategies.OriginUpstream;

/** {@code self} for one event of one version: built per event from the registration as it was when the event began. */
public final class GlobalScope implements WorkerGlobalScope {

    private final ScopeServices services;
    private final RegistrationRecord registration;
    private final String version;
    private final EventContext event;

    public GlobalScope(ScopeServices services, RegistrationRecord registration, String version, EventContext event) {
        this.services = services;
        this.registration = registration;
        this.version = version;
        this.event = event;
    }

    @Override
    public CacheStorage caches() {
        if (!registration.scope().startsWith("http")) {
            throw new CacheException(
                    CacheException.Kind.TYPE_ERROR,
                    "a built-in registration (" + registration.scope() + ") has no origin, so no caches");
        }
        return services.caches().forOrigin(Scopes.origin(registration.scope()));
    }

    @Override
    public Clients clients() {
        return new ScopeClients(services.clients(), services.lifecycle(), registration, version, event);
    }

    @Override
    public BroadcastChannel channel(String name) {
        services.channels().requireChannel(name);
        return new BroadcastChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void postMessage(Object message) {
                event.send(services.channels().publication(name, message));
            }
        };
    }

    @Override
    public MessageChannel messageChannel() {
        return services.ports().create(event);
    }

    @Override
    public Registration registration() {
        return new Registration() {
            @Override
            public String id() {
                return registration.id();
            }

            @Override
            public String scope() {
                return registration.scope();
            }

            @Override
            public Optional<String> installing() {
                return nonEmpty(registration.installingVersion());
            }

            @Override
            public Optional<String> waiting() {
                return nonEmpty(registration.waitingVersion());
            }

            @Override
            public Optional<String> active() {
                return nonEmpty(registration.activeVersion());
            }

            @Override
            public void showNotification(String userId, String title, Map<String, Object> options) {
                event.send(services.notifications().notification(registration.id(), userId, title, options));
            }

            @Override
            public void registerSync(String userId, String tag, Object payload) {
                event.send(services.syncs().registration(registration.id(), userId, tag, payload));
            }
        };
    }

    @Override
    public void skipWaiting() {
        services.lifecycle().skipWaiting(registration.id(), version);
    }

    @Override
    public CacheResponse fetch(CacheRequest request) {
        if (registration.upstreamOrigin().isEmpty()) {
            throw new CacheException(
                    CacheException.Kind.TYPE_ERROR, "registration " + registration.id() + " has no upstream");
        }
        // Request URLs are the registration's public URLs (the fetch event's, the cache keys): a relative one
        // resolves against the scope, and OriginUpstream fetches them from the upstream origin.
        String url = URI.create(registration.scope()).resolve(request.url()).toString();
        return new OriginUpstream(
                        Scopes.origin(registration.scope()), registration.upstreamOrigin(), services.upstream())
                .fetch(new CacheRequest(request.method(), url, request.headers()));
    }

    private static Optional<String> nonEmpty(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
