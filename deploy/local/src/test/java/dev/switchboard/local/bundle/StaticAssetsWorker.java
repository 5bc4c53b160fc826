package dev.switchboard.local.bundle;

import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.strategies.DeclaredRoutes;

/**
 * The service worker {@code FetchEndToEndIT} publishes as a bundle (only this class and its service file go into
 * the jar): {@code /app/static/} is CacheFirst in the cache {@code static}; every other request is left to the
 * network (the default {@code onFetch} answers only what the routes take). It precaches nothing.
 */
public class StaticAssetsWorker implements ServiceWorker {

    public static final String STATIC_PREFIX = "/app/static/";
    public static final String CACHE_NAME = "static";

    private static final DeclaredRoutes ROUTES = DeclaredRoutes.parse("[{\"match\":{\"prefix\":\"" + STATIC_PREFIX
            + "\"},\"strategy\":\"CacheFirst\",\"cacheName\":\"" + CACHE_NAME + "\"}]");

    @Override
    public DeclaredRoutes routes() {
        return ROUTES;
    }
}
