package dev.switchboard.cache.api;

/** Where {@link Cache#add} and {@link Cache#addAll} fetch from: "the network" of a service worker. */
@FunctionalInterface
public interface Upstream {

    /** The response for an absolute GET request; throws a TYPE_ERROR {@link CacheException} on a network failure. */
    CacheResponse fetch(CacheRequest request);
}
