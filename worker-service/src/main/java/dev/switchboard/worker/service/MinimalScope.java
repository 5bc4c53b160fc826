package dev.switchboard.worker.service;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.worker.api.Clients;
import dev.switchboard.worker.api.Registration;
import dev.switchboard.worker.api.WorkerGlobalScope;

/**
 * {@code self} for the events of push, sync and notifications until the worker runtime's global scope takes its
 * place: it has the registration ({@code showNotification}, {@code registerSync}); the rest says clearly that it
 * comes with the runtime.
 */
final class MinimalScope implements WorkerGlobalScope {

    private final Registration registration;

    MinimalScope(Registration registration) {
        this.registration = registration;
    }

    static IllegalStateException comesWithTheRuntime(String member) {
        return new IllegalStateException("self." + member + " comes with the worker runtime (versioned bundles); "
                + "built-in workers have self.registration's showNotification and registerSync only");
    }

    @Override
    public Registration registration() {
        return registration;
    }

    @Override
    public CacheStorage caches() {
        throw comesWithTheRuntime("caches");
    }

    @Override
    public Clients clients() {
        throw comesWithTheRuntime("clients");
    }

    @Override
    public void skipWaiting() {
        throw comesWithTheRuntime("skipWaiting()");
    }

    @Override
    public CacheResponse fetch(CacheRequest request) {
        throw comesWithTheRuntime("fetch()");
    }
}
