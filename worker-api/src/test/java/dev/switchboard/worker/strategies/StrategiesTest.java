package dev.switchboard.worker.strategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestOrigin;

/**
 * Each Workbox strategy against the real shared cache (Hazelcast) and a real upstream that answers, is slow or is
 * down: hit, miss, slow, down, the offline fallback, and that non-cacheable responses are not stored.
 */
class StrategiesTest {

    private static final TestOrigin UPSTREAM = new TestOrigin();
    private static final ExecutorService BACKGROUND = BackgroundExecutors.bounded("strategies-test", 4, 64);
    private static final HazelcastCacheStorages STORAGES = new HazelcastCacheStorages(
            SharedInfrastructure.hazelcast().member(0),
            CacheLimits.DEFAULTS,
            request -> {
                throw new UnsupportedOperationException("strategies fetch through their context");
            },
            CacheListener.NONE);
    private static final Duration SLOW = Duration.ofMillis(1500);
    /** The upstream is on loopback, which the outbound policy reaches only when told to. */
    private static final OutboundHttp OUTBOUND =
            OutboundHttp.standalone(OutboundPolicy.allowingNetworks("127.0.0.1/32"));

    private String origin;
    private CacheStorage caches;
    private StrategyContext context;

    @BeforeEach
    void freshOrigin() {
        origin = "https://t" + UUID.randomUUID().toString().replace("-", "") + ".test";
        caches = STORAGES.forOrigin(origin);
        context = new StrategyContext(
                caches,
                new OriginUpstream(
                        origin, UPSTREAM.origin(), HttpUpstream.relaying(OUTBOUND, Duration.ofSeconds(5), 1 << 20)),
                BACKGROUND,
                null);
    }

    @AfterEach
    void upstreamBackToNormal() {
        UPSTREAM.start();
        UPSTREAM.delay(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        BACKGROUND.shutdownNow();
        OUTBOUND.close();
    }

    private CacheRequest get(String path) {
        return CacheRequest.get(origin + path);
    }

    private void cached(String cacheName, String path, String text) {
        caches.open(cacheName).put(get(path), CacheResponse.ok(text));
    }

    private String stored(String cacheName, String path) {
        return caches.open(cacheName).match(get(path)).map(CacheResponse::text).orElse(null);
    }

    @Test
    void networkOnlyAnswersFromTheNetworkAndStoresNothing() {
        NetworkOnly strategy = new NetworkOnly();
        CacheResponse response = strategy.handle(get("/a"), context);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).startsWith("/a #");
        assertThat(response.url()).isEqualTo(origin + "/a");
        assertThat(strategy.handle(get("/missing?status=404"), context).status())
                .isEqualTo(404);
        assertThat(caches.keys()).isEmpty();
        assertThat(strategy.cachedAnswer(get("/a"), context)).isEmpty();
    }

    @Test
    void networkOnlyFailsWhenTheNetworkIsDownOrSlowerThanItsTimeout() {
        UPSTREAM.delay(SLOW);
        assertThatThrownBy(() -> new NetworkOnly(Duration.ofMillis(200)).handle(get("/a"), context))
                .isInstanceOf(NoResponseException.class);
        UPSTREAM.delay(Duration.ZERO);
        UPSTREAM.stop();
        assertThatThrownBy(() -> new NetworkOnly().handle(get("/a"), context)).isInstanceOf(NoResponseException.class);
    }

    @Test
    void cacheOnlyAnswersHitsAndNeverTouchesTheNetwork() {
        cached("c", "/a", "cached a");
        CacheOnly strategy = new CacheOnly("c");
        int before = UPSTREAM.served();
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("cached a");
        assertThat(strategy.cachedAnswer(get("/a"), context))
                .map(CacheResponse::text)
                .contains("cached a");
        assertThatThrownBy(() -> strategy.handle(get("/b"), context)).isInstanceOf(NoResponseException.class);
        assertThat(UPSTREAM.served()).isEqualTo(before);
    }

    @Test
    void cacheFirstServesHitsFromTheCacheAndFetchesAndStoresMisses() {
        CacheFirst strategy = new CacheFirst("c", null);
        String first = strategy.handle(get("/a"), context).text();
        assertThat(first).startsWith("/a #");
        int served = UPSTREAM.served();
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo(first);
        assertThat(UPSTREAM.served()).isEqualTo(served);
        assertThat(stored("c", "/a")).isEqualTo(first);
    }

    @Test
    void cacheFirstReturnsButDoesNotStoreNonCacheableResponses() {
        CacheFirst strategy = new CacheFirst("c", null);
        assertThat(strategy.handle(get("/gone?status=404"), context).status()).isEqualTo(404);
        assertThat(stored("c", "/gone?status=404")).isNull();
        CacheFirst lenient = new CacheFirst("c", CacheableResponse.statuses(200, 404));
        lenient.handle(get("/gone?status=404"), context);
        assertThat(stored("c", "/gone?status=404")).isNotNull();
    }

    @Test
    void cacheFirstWithTheNetworkDownServesHitsAndFailsMisses() {
        cached("c", "/a", "cached a");
        UPSTREAM.stop();
        CacheFirst strategy = new CacheFirst("c", null);
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("cached a");
        assertThatThrownBy(() -> strategy.handle(get("/b"), context)).isInstanceOf(NoResponseException.class);
    }

    @Test
    void networkFirstPrefersTheNetworkAndStoresIt() {
        cached("c", "/a", "old a");
        NetworkFirst strategy = new NetworkFirst("c", null, null);
        String fresh = strategy.handle(get("/a"), context).text();
        assertThat(fresh).startsWith("/a #");
        assertThat(stored("c", "/a")).isEqualTo(fresh);
        assertThat(strategy.cachedAnswer(get("/a"), context)).isEmpty();
        assertThat(strategy.handle(get("/gone?status=404"), context).status()).isEqualTo(404);
        assertThat(stored("c", "/gone?status=404")).isNull();
    }

    @Test
    void networkFirstFallsBackToTheCacheWhenTheNetworkIsDown() {
        cached("c", "/a", "old a");
        UPSTREAM.stop();
        NetworkFirst strategy = new NetworkFirst("c", null, null);
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("old a");
        assertThatThrownBy(() -> strategy.handle(get("/b"), context)).isInstanceOf(NoResponseException.class);
    }

    @Test
    void networkFirstAnswersFromTheCacheWhenTheNetworkIsSlowerThanItsTimeoutAndTheLateResponseUpdatesIt() {
        cached("c", "/a", "old a");
        UPSTREAM.delay(SLOW);
        NetworkFirst strategy = new NetworkFirst("c", null, Duration.ofMillis(200));
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("old a");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("c", "/a").startsWith("/a #"));
    }

    @Test
    void networkFirstWaitsForASlowNetworkOnACacheMiss() {
        UPSTREAM.delay(Duration.ofMillis(600));
        NetworkFirst strategy = new NetworkFirst("c", null, Duration.ofMillis(100));
        assertThat(strategy.handle(get("/b"), context).text()).startsWith("/b #");
    }

    @Test
    void staleWhileRevalidateAnswersFromTheCacheThenRevalidates() {
        cached("c", "/a", "stale a");
        StaleWhileRevalidate strategy = new StaleWhileRevalidate("c", null);
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("stale a");
        await().atMost(Duration.ofSeconds(10)).until(() -> stored("c", "/a").startsWith("/a #"));
        String revalidated = stored("c", "/a");
        assertThat(strategy.cachedAnswer(get("/a"), context))
                .map(CacheResponse::text)
                .contains(revalidated);
    }

    @Test
    void staleWhileRevalidateWaitsForTheNetworkOnAMissAndStoresOnlyCacheableResponses() {
        StaleWhileRevalidate strategy = new StaleWhileRevalidate("c", null);
        String fresh = strategy.handle(get("/b"), context).text();
        assertThat(stored("c", "/b")).isEqualTo(fresh);
        assertThat(strategy.handle(get("/gone?status=500"), context).status()).isEqualTo(500);
        assertThat(stored("c", "/gone?status=500")).isNull();
    }

    @Test
    void staleWhileRevalidateWithTheNetworkDownServesHitsAndFailsMisses() {
        cached("c", "/a", "stale a");
        UPSTREAM.stop();
        StaleWhileRevalidate strategy = new StaleWhileRevalidate("c", null);
        assertThat(strategy.handle(get("/a"), context).text()).isEqualTo("stale a");
        assertThatThrownBy(() -> strategy.handle(get("/b"), context)).isInstanceOf(NoResponseException.class);
        assertThat(stored("c", "/a")).isEqualTo("stale a");
    }

    @Test
    void theOfflineFallbackIsServedWhenAStrategyHasNoResponse() {
        Precache precache = new Precache(null, List.of(new Precache.Entry("/offline.html", "1")));
        precache.install(context);
        UPSTREAM.stop();
        for (Strategy strategy : List.of(
                new NetworkOnly(),
                new CacheOnly("c"),
                new NetworkFirst("c", null, null),
                new CacheFirst("c", null),
                new StaleWhileRevalidate("c", null))) {
            CacheResponse response = new FallbackStrategy(strategy, "/offline.html").handle(get("/page"), context);
            assertThat(response.text()).as(strategy.name()).startsWith("/offline.html #");
        }
        assertThatThrownBy(
                        () -> new FallbackStrategy(new NetworkOnly(), "/not-cached.html").handle(get("/page"), context))
                .isInstanceOf(NoResponseException.class);
    }

    @Test
    void precacheFetchesChangedRevisionsOnlyPrunesOnActivateAndCleansOutdatedCaches() {
        Precache v1 = new Precache(null, List.of(new Precache.Entry("/a.js", "1"), new Precache.Entry("/b.js", "1")));
        v1.install(context);
        String a1 = stored(Precache.DEFAULT_CACHE_NAME, "/a.js");
        assertThat(a1).startsWith("/a.js #");
        int served = UPSTREAM.served();
        v1.install(context);
        assertThat(UPSTREAM.served()).isEqualTo(served);

        Precache v2 = new Precache(null, List.of(new Precache.Entry("/a.js", "2")));
        v2.install(context);
        assertThat(UPSTREAM.served()).isEqualTo(served + 1);
        assertThat(stored(Precache.DEFAULT_CACHE_NAME, "/a.js")).isNotEqualTo(a1);
        assertThat(stored(Precache.DEFAULT_CACHE_NAME, "/b.js")).isNotNull();
        v2.activate(context);
        assertThat(stored(Precache.DEFAULT_CACHE_NAME, "/b.js")).isNull();

        caches.open(Precache.CACHE_PREFIX + "v0");
        caches.open("runtime");
        assertThat(Precache.cleanupOutdatedCaches(caches, v2.cacheName()))
                .containsExactly(Precache.CACHE_PREFIX + "v0");
        assertThat(caches.keys()).containsExactlyInAnyOrder(Precache.DEFAULT_CACHE_NAME, "runtime");
    }

    @Test
    void aFailedPrecacheFetchFailsTheInstallAndStoresNothing() {
        Precache precache = new Precache(
                null, List.of(new Precache.Entry("/ok.js", "1"), new Precache.Entry("/missing.js?status=404", "1")));
        assertThatThrownBy(() -> precache.install(context)).hasMessageContaining("404");
        assertThat(stored(Precache.DEFAULT_CACHE_NAME, "/ok.js")).isNull();
        UPSTREAM.stop();
        assertThatThrownBy(() -> new Precache(null, List.of(new Precache.Entry("/x.js", "1"))).install(context))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void theRouterTakesMatchingGetRequestsInOrderAndItsCatchHandlerAnswersFailures() {
        cached("c", "/static/app.css", "css");
        Router router = new Router()
                .registerRoute(RouteMatcher.prefix("/static/"), new CacheOnly("c"))
                .registerRoute(RouteMatcher.regex("\\.json$"), new NetworkOnly())
                .setCatchHandler((request, failure, ctx) -> CacheResponse.of(503, "offline", null));
        assertThat(router.handle(get("/static/app.css"), context))
                .map(CacheResponse::text)
                .contains("css");
        assertThat(router.handle(get("/static/other.css"), context))
                .map(CacheResponse::status)
                .contains(503);
        assertThat(router.handle(get("/other"), context)).isEmpty();
        assertThat(router.handle(get("/static/app.css").withMethod("POST"), context))
                .isEmpty();
        assertThat(router.cachedAnswer(get("/static/app.css"), context)).isPresent();
        assertThat(router.cachedAnswer(get("/data.json"), context)).isEmpty();
    }
}
