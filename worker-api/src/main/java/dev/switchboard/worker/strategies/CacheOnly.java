package dev.switchboard.worker.strategies;

import java.util.Optional;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/** Workbox {@code CacheOnly}: the cached response; a miss is {@code no-response}. Never touches the network. */
public final class CacheOnly extends AbstractStrategy {

    public CacheOnly(String cacheName) {
        super(cacheName, null);
    }

    @Override
    public Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        return cacheMatch(request, context);
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        return cachedAnswer(request, context).orElseThrow(() -> noResponse(request, null));
    }
}
