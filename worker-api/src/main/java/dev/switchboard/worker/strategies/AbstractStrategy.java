package dev.switchboard.worker.strategies;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.QueryOptions;

/** What every strategy shares: its cache, which responses it may store, and Workbox's fetch/cachePut helpers. */
public abstract class AbstractStrategy implements Strategy {

    /** The cache strategies use when none is named (Workbox: {@code workbox-runtime}). */
    public static final String DEFAULT_CACHE_NAME = "switchboard-runtime";

    private static final Logger LOG = Logger.getLogger(AbstractStrategy.class);

    private final String cacheName;
    private final CacheableResponse cacheable;

    protected AbstractStrategy(String cacheName, CacheableResponse cacheable) {
        this.cacheName = cacheName == null || cacheName.isEmpty() ? DEFAULT_CACHE_NAME : cacheName;
        this.cacheable = cacheable == null ? CacheableResponse.DEFAULT : cacheable;
    }

    public String cacheName() {
        return cacheName;
    }

    public CacheableResponse cacheable() {
        return cacheable;
    }

    /** {@code handler.cacheMatch}: the entry in this strategy's cache. */
    protected Optional<CacheResponse> cacheMatch(CacheRequest request, StrategyContext context) {
        return context.caches().match(request, QueryOptions.DEFAULT, cacheName);
    }

    /** {@code handler.fetch}: the network's response; a network failure throws a TYPE_ERROR CacheException. */
    protected CacheResponse fetch(CacheRequest request, StrategyContext context) {
        return context.network().fetch(request);
    }

    /**
     * {@code handler.fetchAndCachePut}: the network's response, stored when cacheable. It is returned whether
     * or not it was stored (a 404 reaches the page, it is just not cached); a failing store (quota) is logged
     * and does not fail the response, as in Workbox where the put runs under {@code waitUntil}.
     */
    protected CacheResponse fetchAndCachePut(CacheRequest request, StrategyContext context) {
        CacheResponse response = fetch(request, context);
        if (cacheable.isCacheable(response)) {
            try {
                context.caches().open(cacheName).put(request, response);
            } catch (CacheException e) {
                LOG.debugf("not caching %s in %s: %s", request.url(), cacheName, e.getMessage());
            }
        }
        return response;
    }

    /**
     * Starts {@code work} on the background executor. When the executor is saturated the work runs here, on the
     * caller's thread (bounded by the upstream's own timeout): a full executor slows requests, it never queues
     * them without limit.
     */
    protected static CompletableFuture<CacheResponse> startInBackground(
            Supplier<CacheResponse> work, StrategyContext context) {
        try {
            return CompletableFuture.supplyAsync(work, context.background());
        } catch (RejectedExecutionException e) {
            try {
                return CompletableFuture.completedFuture(work.get());
            } catch (RuntimeException failure) {
                return CompletableFuture.failedFuture(failure);
            }
        }
    }

    /**
     * The result of {@code running} if it arrives within {@code timeout}; empty when the time ran out (the work
     * goes on under {@code waitUntil}). A failure is rethrown as it was thrown.
     */
    protected static Optional<CacheResponse> awaitUpTo(
            CompletableFuture<CacheResponse> running, Duration timeout, StrategyContext context) {
        try {
            return Optional.of(
                    timeout == null ? running.get() : running.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            context.waitUntil().accept(running.exceptionally(failure -> null));
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException(CacheException.Kind.TYPE_ERROR, "interrupted while fetching", e);
        }
    }

    protected NoResponseException noResponse(CacheRequest request, Throwable cause) {
        return new NoResponseException(
                name() + " has no response for " + request.url() + (cause == null ? "" : ": " + cause.getMessage()),
                cause);
    }

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    /** The cached answer when there is one, else the network's (stored when cacheable): CacheFirst and SWR on a miss. */
    protected CacheResponse cachedElseFetched(CacheRequest request, StrategyContext context) {
        Optional<CacheResponse> cached = cachedAnswer(request, context);
        if (cached.isPresent()) {
            return cached.get();
        }
        try {
            return fetchAndCachePut(request, context);
        } catch (RuntimeException e) {
            throw noResponse(request, e);
        }
    }
}
