package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.local.bundle.StaticAssetsWorker;
import dev.switchboard.testsupport.ServiceJars;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestOrigin;
import dev.switchboard.testsupport.clients.TestWebSocket;
import dev.switchboard.worker.api.ServiceWorker;

/**
 * Fetch interception through the real chain (docs/fetch.md): gateway processes with {@code fetch.origin} set, a
 * worker-service process running a bundle published through its admin API, and a real upstream
 * ({@link TestOrigin}, which counts the requests it serves and can be taken down).
 *
 * <p>The bundle ({@link StaticAssetsWorker}) declares {@code /app/static/} CacheFirst. A client that connects with
 * a URL in the scope is controlled by the active version; its first request for a static asset is a fetch event
 * answered by the worker (from the upstream, stored in the shared cache), the second is answered by the gateway
 * from that cache (the fast path) without the upstream. With the upstream down the cached asset is still served,
 * a request the routes do not take falls through to the network (502), and a route miss is the worker's network
 * error (502). Requests of no client or of an uncontrolled client go straight to the upstream.
 */
class FetchEndToEndIT {

    private static final Duration WAIT = MultiNodeFixture.WAIT;
    private static final String SCOPE = MultiNodeFixture.FETCH_ORIGIN + "/app/";
    private static final String SCRIPT = SCOPE + "sw.jar";
    private static final String VIA = "Switchboard-Fetch";
    private static final String CLIENT = "Switchboard-Client";

    private static MultiNodeFixture fixture;
    private static TestOrigin upstream;
    private static String version;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT)
            .build();

    @BeforeAll
    static void register() throws Exception {
        fixture = MultiNodeFixture.get();
        upstream = new TestOrigin();
        JsonNode activated = fixture.register(SCRIPT, SCOPE, bundle(), Map.of("upstreamOrigin", upstream.origin()));
        version = activated.get("activeVersion").asText();
        assertThat(activated.get("routesJson").asText()).contains("CacheFirst", StaticAssetsWorker.STATIC_PREFIX);
    }

    @AfterAll
    static void stopUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void requestsOfNoClientOrOfAnUncontrolledClientGoStraightToTheUpstream() throws Exception {
        int before = upstream.served();
        HttpResponse<String> anonymous = get(fixture.gatewayA, "/app/static/anonymous.css", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.headers().firstValue(VIA)).hasValue("network");
        assertThat(anonymous.body()).isEqualTo("/app/static/anonymous.css #" + (before + 1));

        // Connected without a URL: in no scope, so never controlled.
        try (TestWebSocket outside = TestWebSocket.connect(fixture.ws(fixture.gatewayA, "/ws"))) {
            JsonNode welcome = Frames.parse(outside.frames().next(WAIT));
            String clientId = welcome.get("clientId").asText();
            int served = upstream.served();
            HttpResponse<String> uncontrolled =
                    get(fixture.gatewayA, "/app/static/uncontrolled.css", clientId, welcome);
            assertThat(uncontrolled.statusCode()).isEqualTo(200);
            assertThat(uncontrolled.headers().firstValue(VIA)).hasValue("network");
            assertThat(uncontrolled.body()).isEqualTo("/app/static/uncontrolled.css #" + (served + 1));
            assertThat(registry().get(clientId).controller()).isEmpty();
        }
    }

    @Test
    void theWorkerAnswersFirstThenTheGatewayFromTheCacheAndTheCacheOutlivesTheUpstream() throws Exception {
        try (TestWebSocket page =
                TestWebSocket.connect(fixture.ws(fixture.gatewayA, "/ws?url=" + SCOPE + "index.html"))) {
            JsonNode welcome = Frames.parse(page.frames().next(WAIT));
            String clientId = welcome.get("clientId").asText();
            MultiNodeFixture.await(
                    "the active version controlling the page",
                    () -> registry().get(clientId),
                    client -> client != null && version.equals(client.controller()));

            int served = upstream.served();
            HttpResponse<String> first = get(fixture.gatewayA, "/app/static/app.css", clientId, welcome);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.headers().firstValue(VIA)).hasValue("worker");
            assertThat(first.body()).isEqualTo("/app/static/app.css #" + (served + 1));
            assertThat(first.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(upstream.served()).isEqualTo(served + 1);

            HttpResponse<String> second = get(fixture.gatewayA, "/app/static/app.css", clientId, welcome);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue(VIA)).hasValue("fast-path");
            assertThat(second.body()).isEqualTo(first.body());
            // The client registry and the cache are the cluster's: the other gateway node answers alike.
            HttpResponse<String> otherNode = get(fixture.gatewayB, "/app/static/app.css", clientId, welcome);
            assertThat(otherNode.headers().firstValue(VIA)).hasValue("fast-path");
            assertThat(otherNode.body()).isEqualTo(first.body());
            assertThat(upstream.served()).isEqualTo(served + 1);

            upstream.stop();
            try {
                HttpResponse<String> offline = get(fixture.gatewayA, "/app/static/app.css", clientId, welcome);
                assertThat(offline.statusCode()).isEqualTo(200);
                assertThat(offline.headers().firstValue(VIA)).hasValue("fast-path");
                assertThat(offline.body()).isEqualTo(first.body());

                // No route takes it: onFetch does not call respondWith, the network answers, and it is down.
                HttpResponse<String> page2 = get(fixture.gatewayA, "/app/cart.html", clientId, welcome);
                assertThat(page2.statusCode()).as(page2.body()).isEqualTo(502);
                assertThat(page2.headers().firstValue(VIA)).hasValue("network");

                // A route miss: CacheFirst has neither a hit nor the network, no fallback: a network error from
                // the worker (a rejected respondWith), answered to the node that asked.
                HttpResponse<String> miss = get(fixture.gatewayB, "/app/static/never-cached.css", clientId, welcome);
                assertThat(miss.statusCode()).as(miss.body()).isEqualTo(502);
                assertThat(miss.headers().firstValue(VIA)).hasValue("worker");
            } finally {
                upstream.start();
            }
            assertThat(upstream.served()).isEqualTo(served + 1);
        }
    }

    /**
     * GET {@code path}, naming {@code clientId} (null: none) with the proof of its anonymous user from its
     * {@code welcome}, as the page's own requests carry it (the gateway's HttpOnly token cookie).
     */
    private static HttpResponse<String> get(ServiceProcess gateway, String path, String clientId, JsonNode welcome)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(fixture.http(gateway, path)).timeout(WAIT);
        if (clientId != null) {
            request.header(CLIENT, clientId)
                    .header(
                            "Cookie",
                            "switchboard_token=" + welcome.get("anonymousToken").asText());
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static IMap<String, ClientRecord> registry() {
        return SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
    }

    /** The bundle: the compiled {@link StaticAssetsWorker} and the service file naming it, nothing else. */
    private static byte[] bundle() {
        return ServiceJars.of(ServiceWorker.class, StaticAssetsWorker.class, Map.of());
    }
}
