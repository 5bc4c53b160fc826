package dev.switchboard.worker.strategies;

import java.util.Optional;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/** A Workbox strategy: how a request is answered from the caches and the network. */
public interface Strategy {

    /**
     * The response for {@code request}; throws {@link NoResponseException} when the strategy has none (the
     * route's fallback or the router's catch handler may still answer).
     */
    CacheResponse handle(CacheRequest request, StrategyContext context);

    /**
     * The answer this strategy gives from the cache alone, when it would answer {@code request} with a cache hit
     * without the network: what the gateway's fast path serves. Empty when the strategy would go to the
     * network first, or on a miss. A strategy that answers a hit this way must do the same in {@link #handle}
     * (each one implements {@code handle} through this method), so both paths answer alike.
     */
    default Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        return Optional.empty();
    }

    /** The name Workbox gives it ({@code CacheFirst}, ...). */
    String name();
}
