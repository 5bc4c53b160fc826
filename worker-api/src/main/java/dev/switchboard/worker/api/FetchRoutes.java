package dev.switchboard.worker.api;

/**
 * The routes a version declares ({@link ServiceWorker#routes()}): their JSON, which the runtime stores for the
 * gateway's fast path, and the answer they give a fetch event (the default {@link ServiceWorker#onFetch}). Build
 * one with {@code dev.switchboard.worker.strategies.DeclaredRoutes.parse}; the API names only this view of it so
 * that it does not depend on the strategies built on it.
 */
public interface FetchRoutes {

    /** No routes: every request goes to {@code onFetch}'s own code, or the network. */
    FetchRoutes NONE = new FetchRoutes() {
        @Override
        public String json() {
            return "[]";
        }

        @Override
        public void respond(FetchEvent event) {
            // No route takes the request: no respondWith, the network answers.
        }

        @Override
        public String toString() {
            return "FetchRoutes.NONE";
        }
    };

    /** The declaration as JSON, what worker-service stores in the registration record. */
    String json();

    /**
     * Answers a fetch event: a request a route takes gets its strategy's response, one no route takes is left
     * alone (no {@code respondWith}: the network answers).
     */
    void respond(FetchEvent event);
}
