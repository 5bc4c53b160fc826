package dev.switchboard.cache.api;

import java.util.List;
import java.util.Optional;

/**
 * One named cache of an origin: the browser's {@code Cache}, cluster-wide. Calls block until the cluster has
 * applied them; a handle stays usable after {@link CacheStorage#delete} removed its name.
 */
public interface Cache {

    /** The first response matching {@code request}, in insertion order. */
    Optional<CacheResponse> match(CacheRequest request, QueryOptions options);

    default Optional<CacheResponse> match(String url) {
        return match(CacheRequest.get(url), QueryOptions.DEFAULT);
    }

    default Optional<CacheResponse> match(CacheRequest request) {
        return match(request, QueryOptions.DEFAULT);
    }

    /** Every matching response in insertion order; a null request matches every entry. */
    List<CacheResponse> matchAll(CacheRequest request, QueryOptions options);

    default List<CacheResponse> matchAll() {
        return matchAll(null, QueryOptions.DEFAULT);
    }

    /** Fetches {@code request} from the upstream origin and stores the response; rejects a non-ok response. */
    void add(CacheRequest request);

    default void add(String url) {
        add(CacheRequest.get(url));
    }

    /** Fetches every request, then stores all responses or, if any fetch fails or is not ok, none. */
    void addAll(List<CacheRequest> requests);

    /** Stores {@code response} for {@code request}, replacing the entries that request matches. */
    void put(CacheRequest request, CacheResponse response);

    default void put(String url, CacheResponse response) {
        put(CacheRequest.get(url), response);
    }

    /** Removes every matching entry; true when there was one. */
    boolean delete(CacheRequest request, QueryOptions options);

    default boolean delete(String url) {
        return delete(CacheRequest.get(url), QueryOptions.DEFAULT);
    }

    /** The stored requests matching {@code request} (null: all), in insertion order. */
    List<CacheRequest> keys(CacheRequest request, QueryOptions options);

    default List<CacheRequest> keys() {
        return keys(null, QueryOptions.DEFAULT);
    }
}
