package dev.switchboard.gateway.fetch;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.contract.settings.CacheSettings;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.worker.strategies.BackgroundExecutors;
import dev.switchboard.worker.strategies.OriginUpstream;
import dev.switchboard.worker.strategies.StrategyContext;
import io.quarkus.logging.Log;

/**
 * The fast path: a request a declared route takes is answered from the shared cache when the route's strategy
 * would answer it from the cache without the network (CacheFirst, CacheOnly, StaleWhileRevalidate hits), with
 * the same code the worker runs ({@link dev.switchboard.worker.strategies.Router#cachedAnswer}); a
 * StaleWhileRevalidate hit is revalidated here, in the background. Cache reads block, so they run on a bounded
 * executor ({@code fetch.fast-path-threads}, {@code fetch.fast-path-queue}); when it is full the request takes
 * the handler path instead. The reads are near-cached on this node (the gateway's
 * {@code switchboard.hazelcast.near-cached-maps}), so a hit costs no cluster round trip; another node's change
 * reaches the near cache by Hazelcast's invalidation event (docs/fetch.md, "Fast path").
 */
@ApplicationScoped
public class FastPath {

    private final CacheStorage storage;
    private final HttpUpstream network;
    private final ExecutorService executor;
    private final String origin;

    public FastPath(HazelcastInstance hazelcast, GatewayConfig config, CacheSettings cache, OutboundHttp outbound) {
        GatewayConfig.Fetch fetch = config.fetch();
        this.network = HttpUpstream.relaying(
                outbound, UpstreamForwarder.relayRule(config), fetch.upstreamTimeout(), fetch.maxResponseBytes());
        // The limits every writer of the Cache API shares: a revalidation here is bound like a handler's put.
        this.origin = fetch.origin().orElse("http://localhost");
        this.storage = new HazelcastCacheStorages(hazelcast, CacheLimits.of(cache), network, CacheListener.NONE)
                .forOrigin(origin);
        this.executor =
                BackgroundExecutors.bounded("switchboard-fast-path", fetch.fastPathThreads(), fetch.fastPathQueue());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** The cached answer to {@code request}, or empty on a miss, a failure, or a saturated executor. */
    public CompletableFuture<Optional<CacheResponse>> lookup(RegistrationScopes.Scoped scoped, CacheRequest request) {
        StrategyContext context = new StrategyContext(
                storage, new OriginUpstream(origin, scoped.record().upstreamOrigin(), network), executor, null);
        try {
            return CompletableFuture.supplyAsync(
                            () -> scoped.routes().router().cachedAnswer(request, context), executor)
                    .exceptionally(failure -> {
                        Log.warnf(
                                "fast path failed for %s, taking the handler path: %s",
                                request.url(), failure.getMessage());
                        return Optional.empty();
                    });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
    }
}
