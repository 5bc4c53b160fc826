package dev.switchboard.worker.strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox's {@code Router}: routes are tried in registration order and the first whose matcher takes the request
 * answers it with its strategy; a request no route takes is not handled (it goes to the network). When the
 * strategy fails, the catch handler (if set) answers instead. Immutable after building; safe to share.
 */
public final class Router {

    /** Workbox's {@code setCatchHandler}: answers a request whose route failed; may itself throw. */
    @FunctionalInterface
    public interface CatchHandler {
        CacheResponse handle(CacheRequest request, RuntimeException failure, StrategyContext context);
    }

    /** One {@code registerRoute(matcher, strategy)}. */
    public record Route(RouteMatcher matcher, Strategy strategy) {}

    private final List<Route> routes = new ArrayList<>();
    private CatchHandler catchHandler;

    public Router registerRoute(RouteMatcher matcher, Strategy strategy) {
        routes.add(new Route(matcher, strategy));
        return this;
    }

    public Router setCatchHandler(CatchHandler handler) {
        this.catchHandler = handler;
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route that takes {@code request}, if any. */
    public Optional<Route> findRoute(CacheRequest request) {
        return routes.stream().filter(route -> route.matcher().matches(request)).findFirst();
    }

    /**
     * The response to {@code request}, or empty when no route takes it. Throws the strategy's failure when it
     * fails and there is no catch handler (the fetch then answers with a network error).
     */
    public Optional<CacheResponse> handle(CacheRequest request, StrategyContext context) {
        Optional<Route> route = findRoute(request);
        if (route.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(route.get().strategy().handle(request, context));
        } catch (RuntimeException failure) {
            if (catchHandler == null) {
                throw failure;
            }
            return Optional.of(catchHandler.handle(request, failure, context));
        }
    }

    /** What the fast path serves: the cache-only answer of the route that takes {@code request}, if it has one. */
    public Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        return findRoute(request).flatMap(route -> route.strategy().cachedAnswer(request, context));
    }
}
