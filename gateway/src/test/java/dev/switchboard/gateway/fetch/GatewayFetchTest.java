package dev.switchboard.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.TestOrigin;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Fetch interception through a real gateway, the real broker and cluster, and real upstreams: what is and is not
 * intercepted, the fast path and the handler path (a test worker answering from Kafka with the strategies
 * library) side by side, "not handled", the timeout fallback, and the body limit.
 */
@QuarkusTest
@TestProfile(GatewayFetchTest.FetchProfile.class)
@WithTestResource(SharedInfrastructureResource.class)
class GatewayFetchTest {

    static final String ORIGIN = "https://shop.test";
    static final TestOrigin UPSTREAM = new TestOrigin();
    static final TestOrigin DEFAULT_UPSTREAM = new TestOrigin();
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * How late the gateway's near cache may see a change made elsewhere: milliseconds when measured (docs/fetch.md),
     * bounded generously here for a loaded machine.
     */
    private static final Duration INVALIDATION_LAG = Duration.ofSeconds(5);

    public static class FetchProfile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.gateway.fetch.origin",
                    ORIGIN,
                    "switchboard.gateway.fetch.default-upstream",
                    DEFAULT_UPSTREAM.origin(),
                    "switchboard.gateway.fetch.timeout",
                    "PT2S",
                    "switchboard.gateway.fetch.max-body-bytes",
                    "1024");
        }
    }

    private static HazelcastInstance member;
    private static CacheStorage caches;
    private static TestFetchWorker worker;
    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @Inject
    MeterRegistry meters;

    /** The gateway's own Hazelcast client, the one with the near caches. */
    @Inject
    HazelcastInstance gatewayHazelcast;

    @BeforeAll
    static void startWorker() {
        member = SharedInfrastructure.hazelcast().member(0);
        HazelcastCacheStorages storages = new HazelcastCacheStorages(
                member,
                CacheLimits.DEFAULTS,
                HttpUpstream.relaying(TestFetchWorker.OUTBOUND, Duration.ofSeconds(5), 1 << 20),
                CacheListener.NONE);
        caches = storages.forOrigin(ORIGIN);
        worker = new TestFetchWorker(
                SharedInfrastructure.kafka().bootstrapServers(), storages, ORIGIN, UPSTREAM.origin());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        worker.close();
        UPSTREAM.close();
        DEFAULT_UPSTREAM.close();
    }

    @AfterEach
    void upstreamUp() {
        UPSTREAM.start();
    }

    /** A registration of its own for one test: scope {@code /app/<run>/}, routes declared under it. */
    private record Setup(String run, String version, String routes) {

        static Setup fresh() {
            String run = "r" + UUID.randomUUID().toString().replace("-", "");
            String prefix = "/app/" + run;
            String routes =
                    """
                    [{"match":{"prefix":"%1$s/static/"},"strategy":"CacheFirst","cacheName":"static-%2$s",
                      "options":{"fallbackUrl":"%1$s/offline.html"}},
                     {"match":{"prefix":"%1$s/swr/"},"strategy":"StaleWhileRevalidate","cacheName":"swr-%2$s"},
                     {"match":{"prefix":"%1$s/probe"},"strategy":"CacheOnly","cacheName":"probe-%2$s"}]
                    """
                            .formatted(prefix, run);
            return new Setup(run, "v-" + run, routes);
        }

        String path(String rest) {
            return "/app/" + run + rest;
        }

        String url(String rest) {
            return ORIGIN + path(rest);
        }
    }

    private static void putRegistration(Setup setup, String routesJson, String activeState, long updatedAt) {
        member.<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS)
                .set(
                        setup.run(),
                        new RegistrationRecord(
                                setup.run(),
                                ORIGIN + "/app/" + setup.run() + "/",
                                ORIGIN + "/sw.js",
                                UPSTREAM.origin(),
                                "",
                                "",
                                setup.version(),
                                activeState,
                                routesJson,
                                updatedAt));
    }

    private static String client(String controller) {
        String clientId = "c-" + UUID.randomUUID();
        TestFetchWorker.recordClient(member, clientId, controller);
        return clientId;
    }

    private HttpResponse<String> get(String path, String clientId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
        if (clientId != null) {
            request.header("Switchboard-Client", clientId).header("Cookie", TestFetchWorker.OWNER_COOKIE);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Timer fetchTimer(String outcome) {
        return meters.find("switchboard.gateway.fetch.duration")
                .tag("outcome", outcome)
                .timer();
    }

    private static String via(HttpResponse<?> response) {
        return response.headers().firstValue("Switchboard-Fetch").orElse("");
    }

    /** The answer to a GET once it comes {@code via} that path, within the near cache's invalidation lag. */
    private HttpResponse<String> answerVia(String path, String clientId, String via) {
        return await().atMost(INVALIDATION_LAG)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> get(path, clientId), response -> via.equals(via(response)));
    }

    /** Waits until the gateway's snapshot has the registration with routes (fast path) or without (worker). */
    private void awaitGatewaySees(Setup setup, String clientId, String expectedVia) {
        caches.open("probe-" + setup.run()).put(setup.url("/probe"), CacheResponse.ok("probe"));
        await().atMost(WAIT).until(() -> {
            HttpResponse<String> probe = get(setup.path("/probe"), clientId);
            return probe.statusCode() == 200 && "probe".equals(probe.body()) && expectedVia.equals(via(probe));
        });
    }

    @Test
    void requestsOutsideEveryScopeGoToTheDefaultUpstream() throws Exception {
        HttpResponse<String> response = get("/app/nowhere-" + UUID.randomUUID() + "/page?q=1", client("any"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("/app/nowhere-.*/page #\\d+");
        assertThat(via(response)).isEqualTo("network");
        assertThat(DEFAULT_UPSTREAM.served()).isPositive();
    }

    @Test
    void eachRequestIsTimedUntilItsResponseEndedUnderTheOutcomeItIsCounted() throws Exception {
        Timer network = fetchTimer("unscoped");
        long before = network == null ? 0 : network.count();
        double secondsBefore = network == null ? 0 : network.totalTime(TimeUnit.SECONDS);
        DEFAULT_UPSTREAM.delay(Duration.ofMillis(300));
        try {
            assertThat(get("/app/nowhere-" + UUID.randomUUID() + "/slow", null).statusCode())
                    .isEqualTo(200);
        } finally {
            DEFAULT_UPSTREAM.delay(Duration.ZERO);
        }
        // The end handler runs as the response ends, a moment after the client has it.
        await().atMost(WAIT).until(() -> fetchTimer("unscoped").count() == before + 1);
        Timer timed = fetchTimer("unscoped");
        assertThat(timed.totalTime(TimeUnit.SECONDS) - secondsBefore)
                .as("includes the upstream's 300 ms")
                .isGreaterThanOrEqualTo(0.3);
        assertThat(meters.find("switchboard.gateway.fetch")
                        .tag("outcome", "unscoped")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo((double) (before + 1));
        CountAtBucket[] buckets = timed.takeSnapshot().histogramCounts();
        Double[] bounds = Arrays.stream(FetchOutcomes.BUCKETS)
                .map(bound -> (double) bound.toMillis())
                .toArray(Double[]::new);
        assertThat(buckets)
                .as("a fixed, small set of buckets")
                .extracting(bucket -> bucket.bucket(TimeUnit.MILLISECONDS))
                .containsExactly(bounds);
    }

    @Test
    void aClientIsNotInterceptedUntilItsControllerIsTheActiveVersion() throws Exception {
        Setup own = Setup.fresh();
        putRegistration(own, own.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        worker.serve(own.version(), DeclaredRoutes.parse(own.routes()));
        String controlled = client(own.version());
        awaitGatewaySees(own, controlled, "fast-path");
        caches.open("static-" + own.run()).put(own.url("/static/a.css"), CacheResponse.ok("cached css"));

        HttpResponse<String> anonymous = get(own.path("/static/a.css"), null);
        assertThat(anonymous.body()).startsWith(own.path("/static/a.css") + " #");
        assertThat(via(anonymous)).isEqualTo("network");
        String unclaimed = client("");
        assertThat(get(own.path("/static/a.css"), unclaimed).body()).startsWith(own.path("/static/a.css") + " #");
        String olderVersion = client("v-older");
        assertThat(via(get(own.path("/static/a.css"), olderVersion))).isEqualTo("network");

        TestFetchWorker.recordClient(member, unclaimed, own.version()); // claimed
        // The gateway near-caches the client's record: the claim reaches it by the cluster's invalidation event.
        HttpResponse<String> claimed = answerVia(own.path("/static/a.css"), unclaimed, "fast-path");
        assertThat(claimed.body()).isEqualTo("cached css");
    }

    @Test
    void theFastPathAndTheHandlerPathAnswerAlike() throws Exception {
        Setup setup = Setup.fresh();
        worker.serve(setup.version(), DeclaredRoutes.parse(setup.routes()));
        putRegistration(setup, setup.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        String clientId = client(setup.version());
        awaitGatewaySees(setup, clientId, "fast-path");
        List<Observed> fast = scenarios(setup, clientId, "fast-path");

        putRegistration(setup, "[]", LifecycleState.ACTIVATED.wireName(), 2);
        awaitGatewaySees(setup, clientId, "worker");
        List<Observed> handler = scenarios(setup, clientId, "worker");

        for (int i = 0; i < fast.size(); i++) {
            assertThat(handler.get(i).withoutVia())
                    .as(fast.get(i).scenario())
                    .isEqualTo(fast.get(i).withoutVia());
        }
        assertThat(fast)
                .extracting(Observed::via)
                .containsExactly("fast-path", "fast-path", "worker", "fast-path", "worker", "worker");
        assertThat(handler)
                .extracting(Observed::via)
                .containsExactly("worker", "worker", "worker", "worker", "worker", "worker");
        assertThat(fast).extracting(Observed::status).containsExactly(200, 200, 200, 200, 200, 502);
        assertThat(fast.get(5).contentType())
                .as("the worker's Response.error(): the gateway's own answer")
                .isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void aPutOrDeleteThroughTheCacheApiElsewhereReachesTheFastPathsNearCache() throws Exception {
        Setup setup = Setup.fresh();
        worker.serve(setup.version(), DeclaredRoutes.parse(setup.routes()));
        putRegistration(setup, setup.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        String clientId = client(setup.version());
        awaitGatewaySees(setup, clientId, "fast-path");
        var staticCache = caches.open("static-" + setup.run());
        staticCache.put(setup.url("/static/app.js"), CacheResponse.ok("one"));
        assertThat(answerVia(setup.path("/static/app.js"), clientId, "fast-path")
                        .body())
                .isEqualTo("one");
        long nearHits = nearCacheHits(HazelcastNames.CACHE_RESPONSES);
        assertThat(get(setup.path("/static/app.js"), clientId).body()).isEqualTo("one");
        assertThat(nearCacheHits(HazelcastNames.CACHE_RESPONSES))
                .as("a repeated hit is read from the gateway's near cache, not the cluster")
                .isGreaterThan(nearHits);

        // Written by another node (the member): seen by the fast path once the invalidation arrives.
        staticCache.put(setup.url("/static/app.js"), CacheResponse.ok("two"));
        long written = System.nanoTime();
        await().atMost(INVALIDATION_LAG).pollInterval(Duration.ofMillis(2)).until(() -> "two"
                .equals(get(setup.path("/static/app.js"), clientId).body()));
        long putSeenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);

        staticCache.delete(setup.url("/static/app.js"));
        long deleted = System.nanoTime();
        HttpResponse<String> afterDelete = answerVia(setup.path("/static/app.js"), clientId, "worker");
        long deleteSeenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deleted);
        assertThat(afterDelete.body())
                .as("a miss: the handler path, whose CacheFirst goes to the network")
                .startsWith(setup.path("/static/app.js") + " #");
        Log.infof(
                "near cache: a put elsewhere was seen by the fast path after %d ms, a delete after %d ms (each "
                        + "including the polling requests)",
                putSeenMillis, deleteSeenMillis);
    }

    private long nearCacheHits(String map) {
        return gatewayHazelcast
                .getMap(map)
                .getLocalMapStats()
                .getNearCacheStats()
                .getHits();
    }

    /** What a client sees, with the upstream's request counter taken out (it differs between runs). */
    record Observed(String scenario, int status, String contentType, String body, String via) {

        Observed withoutVia() {
            return new Observed(scenario, status, contentType, body, "");
        }
    }

    /**
     * The same requests on either path. A hit just written is awaited on {@code hitVia} for at most the near cache's
     * invalidation lag: the gateway hears of the write by the cluster's event (docs/fetch.md, "Fast path").
     */
    private List<Observed> scenarios(Setup setup, String clientId, String hitVia) throws Exception {
        var staticCache = caches.open("static-" + setup.run());
        var swrCache = caches.open("swr-" + setup.run());
        List<Observed> observed = new ArrayList<>();

        staticCache.put(
                setup.url("/static/hit.css"),
                CacheResponse.of(200, "cached css", Headers.of("Content-Type", "text/css")));
        observed.add(observe("cache-first hit", answerVia(setup.path("/static/hit.css"), clientId, hitVia)));

        swrCache.put(setup.url("/swr/data.json"), CacheResponse.ok("stale data"));
        observed.add(observe("stale-while-revalidate hit", answerVia(setup.path("/swr/data.json"), clientId, hitVia)));

        staticCache.delete(setup.url("/static/miss.css"));
        observed.add(observe("cache-first miss", get(setup.path("/static/miss.css"), clientId)));

        UPSTREAM.stop();
        staticCache.put(
                setup.url("/static/hit.css"),
                CacheResponse.of(200, "cached css", Headers.of("Content-Type", "text/css")));
        observed.add(observe("upstream down, hit", answerVia(setup.path("/static/hit.css"), clientId, hitVia)));

        caches.open("precache-" + setup.run()).put(setup.url("/offline.html"), CacheResponse.ok("you are offline"));
        staticCache.delete(setup.url("/static/gone.css"));
        observed.add(observe("upstream down, miss: offline fallback", get(setup.path("/static/gone.css"), clientId)));

        swrCache.delete(setup.url("/swr/gone.json"));
        observed.add(observe("upstream down, miss, no fallback", get(setup.path("/swr/gone.json"), clientId)));
        UPSTREAM.start();
        return observed;
    }

    private static Observed observe(String scenario, HttpResponse<String> response) {
        return new Observed(
                scenario,
                response.statusCode(),
                response.headers().firstValue("content-type").orElse(""),
                response.statusCode() == 502 ? "" : response.body().replaceAll(" #\\d+", " #n"),
                via(response));
    }

    @Test
    void untilTheVersionIsActivatedOrWhenItsRoutesCannotBeReadEveryRequestTakesTheHandlerPath() throws Exception {
        Setup activating = Setup.fresh();
        worker.serve(activating.version(), DeclaredRoutes.parse(activating.routes()));
        putRegistration(activating, activating.routes(), "activating", 1);
        awaitGatewaySees(activating, client(activating.version()), "worker");

        Setup unreadable = Setup.fresh();
        worker.serve(unreadable.version(), DeclaredRoutes.parse(unreadable.routes()));
        putRegistration(
                unreadable,
                "[{\"match\":{\"glob\":\"*\"},\"strategy\":\"CacheFirst\"}]",
                LifecycleState.ACTIVATED.wireName(),
                1);
        awaitGatewaySees(unreadable, client(unreadable.version()), "worker");
    }

    @Test
    void aRequestTheWorkerDoesNotAnswerGoesToTheNetwork() throws Exception {
        Setup setup = Setup.fresh();
        worker.serve(setup.version(), DeclaredRoutes.parse(setup.routes()));
        putRegistration(setup, setup.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        String clientId = client(setup.version());
        awaitGatewaySees(setup, clientId, "fast-path");

        HttpResponse<String> response = get(setup.path("/api/items?page=2"), clientId);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(setup.path("/api/items") + " #");
        assertThat(via(response)).isEqualTo("network");
    }

    @Test
    void aRequestNamingAnotherUsersClientIsRefusedAndTheCallersCredentialsNeverLeaveTheGateway() throws Exception {
        Setup setup = Setup.fresh();
        worker.serve(setup.version(), DeclaredRoutes.parse(setup.routes()));
        putRegistration(setup, setup.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        String clientId = client(setup.version());
        awaitGatewaySees(setup, clientId, "fast-path");

        Principal someoneElse = AnonymousTokens.issue();
        HttpResponse<String> asSomeoneElse = http.send(
                HttpRequest.newBuilder(base.resolve(setup.path("/static/a.css")))
                        .header("Switchboard-Client", clientId)
                        .header("Cookie", "switchboard_token=" + someoneElse.issuedToken())
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asSomeoneElse.statusCode())
                .as("another anonymous user's client")
                .isEqualTo(403);
        HttpResponse<String> withoutProof = http.send(
                HttpRequest.newBuilder(base.resolve(setup.path("/static/a.css")))
                        .header("Cookie", "switchboard_client=" + clientId)
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutProof.statusCode())
                .as("naming a client without proof")
                .isEqualTo(401);

        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS)) {
            String path = setup.path("/api/secret-" + UUID.randomUUID());
            HttpResponse<String> own = http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .header("Authorization", "Bearer " + TestFetchWorker.OWNER.issuedToken())
                            .header(
                                    "Cookie",
                                    "theme=dark; switchboard_client=" + clientId + "; " + TestFetchWorker.OWNER_COOKIE)
                            .timeout(WAIT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(own.statusCode()).isEqualTo(200);
            CloudEvent fetchEvent = events.await(
                            record -> EventTypes.FETCH_REQUEST.equals(
                                            record.value().getType())
                                    && FetchMessages.decodeRequest(SwitchboardEvents.data(record.value()))
                                            .url()
                                            .endsWith(path),
                            WAIT)
                    .value();
            List<FetchMessages.Header> headers = FetchMessages.decodeRequest(SwitchboardEvents.data(fetchEvent))
                    .headers();
            assertThat(headers)
                    .extracting(header -> header.name().toLowerCase(Locale.ROOT))
                    .doesNotContain("authorization");
            assertThat(headers)
                    .filteredOn(header -> header.name().equalsIgnoreCase("cookie"))
                    .extracting(FetchMessages.Header::value)
                    .containsExactly("theme=dark");
            assertThat(new String(SwitchboardEvents.data(fetchEvent), StandardCharsets.UTF_8))
                    .doesNotContain(TestFetchWorker.OWNER.issuedToken());
        }
    }

    @Test
    void withoutAnAnswerGetFallsBackToTheNetworkAndPostGets504() throws Exception {
        Setup setup = Setup.fresh(); // the worker does not serve this version: fetch events go unanswered
        putRegistration(setup, setup.routes(), LifecycleState.ACTIVATED.wireName(), 1);
        String clientId = client(setup.version());
        awaitGatewaySees(setup, clientId, "fast-path");

        HttpResponse<String> answered = get(setup.path("/page"), clientId);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).startsWith(setup.path("/page") + " #");
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(base.resolve(setup.path("/cart")))
                        .header("Switchboard-Client", clientId)
                        .header("Cookie", TestFetchWorker.OWNER_COOKIE)
                        .POST(HttpRequest.BodyPublishers.ofString("item=1"))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ProblemBodies.typeOf(posted)).isEqualTo(ProblemType.WORKER_TIMEOUT);
        assertThat(posted.headers().firstValue("Switchboard-Fetch")).hasValue("worker");
    }

    @Test
    void aBodyOverTheLimitIs413AndSmallerBodiesReachTheUpstream() throws Exception {
        String path = "/app/nowhere-" + UUID.randomUUID() + "/upload";
        HttpResponse<String> tooLarge = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048)))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ProblemBodies.typeOf(tooLarge)).isEqualTo(ProblemType.TOO_LARGE);
        HttpResponse<String> small = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString("x=1"))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).endsWith(" body=x=1");
    }
}
