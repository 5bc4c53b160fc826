package dev.switchboard.worker.strategies;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.worker.api.FetchEvent;
import dev.switchboard.worker.api.FetchRoutes;

/**
 * Routes a version declares as data, so that the worker (its {@code onFetch}) and the gateway (the fast path)
 * answer from one declaration with the same code. The JSON is an array, tried in order:
 * <pre>
 * [{"match": {"prefix": "/app/static/"},          // or {"exact": "/app/"} or {"regex": "\\.css$"}
 *   "strategy": "CacheFirst",                     // NetworkOnly, CacheOnly, NetworkFirst, CacheFirst, StaleWhileRevalidate
 *   "cacheName": "static",                        // optional; default switchboard-runtime
 *   "options": {"networkTimeoutSeconds": 3,       // NetworkFirst, NetworkOnly
 *               "cacheableStatuses": [200],       // default [200]
 *               "cacheableHeaders": {"x-cache": "yes"},
 *               "fallbackUrl": "/app/offline.html"}}]   // the offline fallback, served from the caches
 * </pre>
 * A malformed declaration is refused with an {@link IllegalArgumentException} naming what is wrong.
 */
public final class DeclaredRoutes implements FetchRoutes {

    /** Most routes one version may declare. */
    public static final int MAX_ROUTES = 256;

    /** No routes: every request goes to {@code onFetch}'s own code, or the network. */
    public static final DeclaredRoutes NONE = new DeclaredRoutes(FetchRoutes.NONE.json(), new Router());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MATCH_KINDS = Set.of("prefix", "exact", "regex");
    private static final Set<String> OPTIONS =
            Set.of("networkTimeoutSeconds", "cacheableStatuses", "cacheableHeaders", "fallbackUrl");

    private final String json;
    private final Router router;

    private DeclaredRoutes(String json, Router router) {
        this.json = json;
        this.router = router;
    }

    /** Parses a declaration; null or blank means none. */
    public static DeclaredRoutes parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("routes are not JSON: " + e.getMessage());
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("routes must be a JSON array");
        }
        if (array.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("more than " + MAX_ROUTES + " routes");
        }
        Router router = new Router();
        for (int i = 0; i < array.size(); i++) {
            try {
                Router.Route route = route(array.get(i));
                router.registerRoute(route.matcher(), route.strategy());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route " + i + ": " + e.getMessage());
            }
        }
        return new DeclaredRoutes(json, router);
    }

    /** The declaration, as given: what worker-service stores in the registration record. */
    @Override
    public String json() {
        return json;
    }

    public Router router() {
        return router;
    }

    public boolean isEmpty() {
        return router.routes().isEmpty();
    }

    /**
     * Answers a fetch event from the declared routes (the default {@code ServiceWorker.onFetch}): a request a
     * route takes gets its strategy's response, a failing strategy (offline, no fallback) a network error; a
     * request no route takes is left alone (no {@code respondWith}: the network answers).
     */
    @Override
    public void respond(FetchEvent event) {
        respond(event, BackgroundExecutors.shared());
    }

    public void respond(FetchEvent event, Executor background) {
        if (isEmpty()) {
            return;
        }
        StrategyContext context =
                new StrategyContext(event.self().caches(), event.self()::fetch, background, event::waitUntil);
        Optional<CacheResponse> response;
        try {
            response = router.handle(event.request(), context);
        } catch (RuntimeException failure) {
            event.respondWith(CompletableFuture.failedFuture(failure));
            return;
        }
        response.ifPresent(event::respondWith);
    }

    private static Router.Route route(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a route must be an object");
        }
        JsonNode options = node.path("options");
        if (!options.isMissingNode() && !options.isObject()) {
            throw new IllegalArgumentException("'options' must be an object");
        }
        Set<String> unknown = new HashSet<>();
        options.fieldNames().forEachRemaining(name -> {
            if (!OPTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + unknown + "; known: " + OPTIONS);
        }
        Strategy strategy = strategy(
                node.path("strategy").asText(""), node.path("cacheName").asText(null), options);
        String fallbackUrl = options.path("fallbackUrl").asText("");
        return new Router.Route(
                matcher(node.path("match")),
                fallbackUrl.isEmpty() ? strategy : new FallbackStrategy(strategy, fallbackUrl));
    }

    private static RouteMatcher matcher(JsonNode match) {
        if (!match.isObject() || match.size() != 1) {
            throw new IllegalArgumentException("'match' must be an object with one of " + MATCH_KINDS);
        }
        String kind = match.fieldNames().next();
        JsonNode value = match.get(kind);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("'match." + kind + "' must be a non-empty string");
        }
        return switch (kind) {
            case "prefix" -> RouteMatcher.prefix(value.asText());
            case "exact" -> RouteMatcher.exact(value.asText());
            case "regex" -> {
                try {
                    yield RouteMatcher.regex(value.asText());
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw new IllegalArgumentException(
                            "'match.regex' is not a regular expression: " + e.getDescription());
                }
            }
            default ->
                throw new IllegalArgumentException("'match' must be one of " + MATCH_KINDS + ", not '" + kind + "'");
        };
    }

    private static Strategy strategy(String name, String cacheName, JsonNode options) {
        CacheableResponse cacheable = cacheable(options);
        Duration timeout = timeout(options);
        return switch (name) {
            case "NetworkOnly" -> new NetworkOnly(timeout);
            case "CacheOnly" -> new CacheOnly(cacheName);
            case "NetworkFirst" -> new NetworkFirst(cacheName, cacheable, timeout);
            case "CacheFirst" -> new CacheFirst(cacheName, cacheable);
            case "StaleWhileRevalidate" -> new StaleWhileRevalidate(cacheName, cacheable);
            default ->
                throw new IllegalArgumentException("unknown strategy '" + name
                        + "'; known: NetworkOnly, CacheOnly, NetworkFirst, CacheFirst, StaleWhileRevalidate");
        };
    }

    private static Duration timeout(JsonNode options) {
        JsonNode seconds = options.path("networkTimeoutSeconds");
        if (seconds.isMissingNode()) {
            return null;
        }
        if (!seconds.isNumber() || seconds.asDouble() <= 0) {
            throw new IllegalArgumentException("'networkTimeoutSeconds' must be a positive number");
        }
        return Duration.ofMillis(Math.round(seconds.asDouble() * 1000));
    }

    private static CacheableResponse cacheable(JsonNode options) {
        JsonNode statuses = options.path("cacheableStatuses");
        JsonNode headers = options.path("cacheableHeaders");
        if (statuses.isMissingNode() && headers.isMissingNode()) {
            return CacheableResponse.DEFAULT;
        }
        Set<Integer> codes = new HashSet<>();
        if (!statuses.isMissingNode()) {
            if (!statuses.isArray()) {
                throw new IllegalArgumentException("'cacheableStatuses' must be an array of status codes");
            }
            statuses.forEach(status -> {
                if (!status.canConvertToInt() || status.asInt() < 0 || status.asInt() > 599) {
                    throw new IllegalArgumentException("'cacheableStatuses' must be an array of status codes");
                }
                codes.add(status.asInt());
            });
        }
        Map<String, String> required = new HashMap<>();
        if (!headers.isMissingNode()) {
            if (!headers.isObject()) {
                throw new IllegalArgumentException("'cacheableHeaders' must be an object of header values");
            }
            headers.fields()
                    .forEachRemaining(field ->
                            required.put(field.getKey(), field.getValue().asText()));
        }
        return new CacheableResponse(codes, required);
    }

    @Override
    public String toString() {
        return "DeclaredRoutes" + List.of(json);
    }
}
