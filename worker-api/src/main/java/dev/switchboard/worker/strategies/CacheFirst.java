package dev.switchboard.worker.strategies;

import java.util.Optional;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox {@code CacheFirst}: the cached response; on a miss, the network's response (stored when cacheable,
 * returned either way). A miss with the network failing is {@code no-response}.
 */
public final class CacheFirst extends AbstractStrategy {

    public CacheFirst(String cacheName, CacheableResponse cacheable) {
        super(cacheName, cacheable);
    }

    @Override
    public Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        return cacheMatch(request, context);
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        return cachedElseFetched(request, context);
    }
}
