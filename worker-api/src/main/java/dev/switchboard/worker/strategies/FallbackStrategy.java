package dev.switchboard.worker.strategies;

import java.util.Optional;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * The offline fallback: a strategy whose failure ({@code no-response}: offline and not cached) is answered
 * with {@code fallbackUrl} from the caches (typically a precached offline page), like Workbox's
 * {@code PrecacheFallbackPlugin} / the {@code offlineFallback} recipe. When the fallback is not cached either,
 * the original failure stands.
 */
public final class FallbackStrategy implements Strategy {

    private final Strategy strategy;
    private final String fallbackUrl;

    public FallbackStrategy(Strategy strategy, String fallbackUrl) {
        this.strategy = strategy;
        this.fallbackUrl = fallbackUrl;
    }

    public Strategy strategy() {
        return strategy;
    }

    public String fallbackUrl() {
        return fallbackUrl;
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        try {
            return strategy.handle(request, context);
        } catch (NoResponseException failure) {
            return fallback(request, context).orElseThrow(() -> failure);
        }
    }

    /** The fallback response for {@code request}, when cached: also what a router's catch handler serves. */
    public Optional<CacheResponse> fallback(CacheRequest request, StrategyContext context) {
        return Precache.matchAnywhere(context.caches(), absolute(request.url(), fallbackUrl));
    }

    @Override
    public Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        return strategy.cachedAnswer(request, context);
    }

    @Override
    public String name() {
        return strategy.name();
    }

    private static String absolute(String requestUrl, String url) {
        return java.net.URI.create(requestUrl).resolve(url).toString();
    }
}
