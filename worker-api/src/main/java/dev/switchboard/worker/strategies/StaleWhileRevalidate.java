package dev.switchboard.worker.strategies;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import org.jboss.logging.Logger;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox {@code StaleWhileRevalidate}: a cache hit answers at once and the network revalidates the entry
 * afterwards, in the background (under {@code waitUntil}); a miss waits for the network (stored when
 * cacheable, returned either way). A miss with the network failing is {@code no-response}. A revalidation the
 * saturated background executor refuses is skipped (the next hit tries again), never queued without limit.
 */
public final class StaleWhileRevalidate extends AbstractStrategy {

    private static final Logger LOG = Logger.getLogger(StaleWhileRevalidate.class);

    public StaleWhileRevalidate(String cacheName, CacheableResponse cacheable) {
        super(cacheName, cacheable);
    }

    @Override
    public Optional<CacheResponse> cachedAnswer(CacheRequest request, StrategyContext context) {
        Optional<CacheResponse> cached = cacheMatch(request, context);
        cached.ifPresent(hit -> revalidate(request, context));
        return cached;
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        return cachedElseFetched(request, context);
    }

    private void revalidate(CacheRequest request, StrategyContext context) {
        try {
            CompletableFuture<Void> revalidation = CompletableFuture.runAsync(
                    () -> {
                        try {
                            fetchAndCachePut(request, context);
                        } catch (RuntimeException e) {
                            LOG.debugf("revalidating %s failed: %s", request.url(), e.getMessage());
                        }
                    },
                    context.background());
            context.waitUntil().accept(revalidation);
        } catch (RejectedExecutionException e) {
            LOG.debugf("background executor saturated: not revalidating %s this time", request.url());
        }
    }
}
