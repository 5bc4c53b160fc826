package dev.switchboard.worker.strategies;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox {@code NetworkFirst}: the network's response (stored when cacheable, returned whatever its status);
 * when the network fails, the cached one. With {@code networkTimeout}, a network slower than that is answered
 * from the cache, and the network's late response still updates the cache; on a cache miss it waits for the
 * network after all (Workbox: "we'd rather wait until the networkPromise resolves than return null"). Network
 * failure and cache miss is {@code no-response}.
 */
public final class NetworkFirst extends AbstractStrategy {

    private final Duration networkTimeout;

    public NetworkFirst(String cacheName, CacheableResponse cacheable, Duration networkTimeout) {
        super(cacheName, cacheable);
        this.networkTimeout = networkTimeout;
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        try {
            if (networkTimeout == null) {
                return fetchAndCachePut(request, context);
            }
            CompletableFuture<CacheResponse> network =
                    startInBackground(() -> fetchAndCachePut(request, context), context);
            Optional<CacheResponse> inTime = awaitUpTo(network, networkTimeout, context);
            if (inTime.isPresent()) {
                return inTime.get();
            }
            Optional<CacheResponse> cached = cacheMatch(request, context);
            if (cached.isPresent()) {
                return cached.get();
            }
            return awaitUpTo(network, null, context).orElseThrow();
        } catch (RuntimeException networkFailure) {
            return cacheMatch(request, context).orElseThrow(() -> noResponse(request, networkFailure));
        }
    }
}
