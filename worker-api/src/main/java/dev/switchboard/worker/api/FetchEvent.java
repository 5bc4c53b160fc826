package dev.switchboard.worker.api;

import java.util.concurrent.CompletionStage;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/** {@code FetchEvent}: a request to the gateway inside the registration's scope, from a client this version controls. */
public interface FetchEvent extends ExtendableEvent {

    /** The request, with an absolute URL at the registration's origin. */
    CacheRequest request();

    /** The request's body (empty for GET and HEAD). */
    byte[] body();

    /** {@code event.clientId}: the client the request comes from (may be empty). */
    String clientId();

    /** {@code event.respondWith(promise)}: at most once; a failed promise answers with a network error. */
    void respondWith(CompletionStage<CacheResponse> response);

    default void respondWith(CacheResponse response) {
        respondWith(java.util.concurrent.CompletableFuture.completedFuture(response));
    }
}
