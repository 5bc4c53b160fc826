package dev.switchboard.worker.api;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;

/** {@code self} in a service worker. */
public interface WorkerGlobalScope {

    /** {@code self.caches}: the registration's origin's caches, cluster-wide. */
    CacheStorage caches();

    /** {@code self.clients}. */
    Clients clients();

    /**
     * A channel by name ({@code new BroadcastChannel(name)}). Throws {@link IllegalArgumentException} when the name
     * is not a valid channel name or its namespace is not configured ({@code switchboard.channels.namespaces}).
     */
    BroadcastChannel channel(String name);

    /**
     * {@code new MessageChannel()}: a new pair of ports, held by this event until handed to clients. At most
     * {@code switchboard.channels.max-message-channels-per-event} per event; past it {@link IllegalStateException}.
     */
    MessageChannel messageChannel();

    /** {@code self.registration}. */
    Registration registration();

    /** {@code self.skipWaiting()}: this version activates without waiting for the old one's clients to leave. */
    void skipWaiting();

    /**
     * {@code fetch(request)}: URLs are the registration's public URLs (a relative one resolves against the scope;
     * another origin is a TYPE_ERROR), fetched from its upstream origin, same path and query. A
     * network failure throws a TYPE_ERROR {@link dev.switchboard.cache.api.CacheException}; an HTTP error
     * status is a response, as in the browser.
     */
    CacheResponse fetch(CacheRequest request);

    default CacheResponse fetch(String url) {
        return fetch(CacheRequest.get(url));
    }
}
