package dev.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.clients.TestOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Real requests to a loopback upstream, which a test must allow explicitly: the defaults refuse it. */
class OutboundHttpTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static Vertx vertx;
    private static TestOrigin upstream;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        upstream = new TestOrigin();
    }

    @AfterAll
    static void stop() {
        upstream.close();
        vertx.close();
    }

    @Test
    void theDefaultsRefuseLoopbackPrivateAndMetadataUpstreams() {
        try (OutboundHttp http = OutboundHttp.create(vertx, OutboundPolicy.defaults())) {
            for (String url : List.of(
                    upstream.origin() + "/x",
                    "http://localhost:" + port() + "/x",
                    "http://169.254.169.254/latest/meta-data/",
                    "http://metadata.google.internal/computeMetadata/v1/",
                    "http://10.0.0.1/",
                    "http://[::1]:" + port() + "/",
                    "http://2130706433:" + port() + "/",
                    "http://[::ffff:127.0.0.1]:" + port() + "/",
                    "file:///etc/passwd",
                    "http://user@example.com/")) {
                assertRefused(http, url);
            }
            assertThatThrownBy(() -> send(http, "http://localhost:" + port() + "/x"))
                    .as("a name is refused for the address it resolves to")
                    .hasMessageContaining("resolves to 127.0.0.1");
            assertThat(upstream.served()).as("nothing reached the upstream").isZero();
        }
    }

    @Test
    void anAllowedUpstreamAnswersAndRedirectsAreNotFollowedByDefault() {
        try (OutboundHttp http = OutboundHttp.create(vertx, OutboundPolicy.allowingNetworks("127.0.0.1/32"))) {
            OutboundResponse ok = send(http, upstream.origin() + "/hello");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(new String(ok.body(), StandardCharsets.UTF_8)).startsWith("/hello #");

            OutboundResponse redirect =
                    send(http, upstream.origin() + "/r?redirect=" + encode(upstream.origin() + "/there"));
            assertThat(redirect.status())
                    .as("the redirect itself, not followed")
                    .isEqualTo(302);
        }
    }

    @Test
    void followedRedirectsAreCheckedAgainAtEveryHop() {
        OutboundPolicy policy = OutboundPolicy.allowingNetworks("127.0.0.1/32").withRedirects(2);
        try (OutboundHttp http = OutboundHttp.create(vertx, policy)) {
            OutboundResponse followed =
                    send(http, upstream.origin() + "/r?redirect=" + encode(upstream.origin() + "/there"));
            assertThat(followed.status()).isEqualTo(200);
            assertThat(followed.url()).isEqualTo(upstream.origin() + "/there");

            for (String target : List.of(
                    "http://169.254.169.254/latest/meta-data/iam/",
                    "http://10.0.0.7/",
                    "http://127.0.0.2:" + port() + "/",
                    "gopher://127.0.0.1/")) {
                assertThatThrownBy(() -> send(http, upstream.origin() + "/r?redirect=" + encode(target)))
                        .as(target)
                        .isInstanceOf(OutboundException.class)
                        .satisfies(e ->
                                assertThat(((OutboundException) e).kind()).isEqualTo(OutboundException.Kind.REFUSED));
            }
            String loop = upstream.origin() + "/a?redirect="
                    + encode(upstream.origin() + "/b?redirect="
                            + encode(upstream.origin() + "/c?redirect=" + encode(upstream.origin() + "/d")));
            assertThatThrownBy(() -> send(http, loop)).hasMessageContaining("redirected more than 2 times");
        }
    }

    @Test
    void bodiesTimeAndConcurrencyAreBounded() throws Exception {
        OutboundPolicy policy = OutboundPolicy.allowingNetworks("127.0.0.1/32").withMaxInFlight(1);
        try (OutboundHttp http = OutboundHttp.create(vertx, policy)) {
            assertThatThrownBy(() -> http.sendAndWait(
                            OutboundRequest.get(upstream.origin() + "/big?bytes=5000", List.of()), DEADLINE, 4096))
                    .satisfies(e ->
                            assertThat(((OutboundException) e).kind()).isEqualTo(OutboundException.Kind.TOO_LARGE));
            upstream.delay(Duration.ofMillis(1500));
            try {
                Future<OutboundResponse> slow = http.send(
                        OutboundRequest.get(upstream.origin() + "/slow", List.of()), Duration.ofMillis(300), 4096);
                assertThatThrownBy(() -> http.sendAndWait(
                                OutboundRequest.get(upstream.origin() + "/second", List.of()), DEADLINE, 4096))
                        .satisfies(
                                e -> assertThat(((OutboundException) e).kind()).isEqualTo(OutboundException.Kind.BUSY));
                assertThatThrownBy(() ->
                                slow.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(OutboundException.class)
                        .hasMessageContaining("did not answer within PT0.3S");
                assertThat(http.inFlight()).isZero();
            } finally {
                upstream.delay(Duration.ZERO);
            }
        }
    }

    @Test
    void headersGoAsGivenButForThoseTheClientSetsItself() {
        try (OutboundHttp http = OutboundHttp.create(vertx, OutboundPolicy.allowingNetworks("127.0.0.1/32"))) {
            OutboundResponse echoed = http.sendAndWait(
                    new OutboundRequest(
                            "GET",
                            upstream.origin() + "/h?headers",
                            List.of(
                                    Map.entry("X-Trace", "t1"),
                                    Map.entry("Host", "evil.example"),
                                    Map.entry("Connection", "close")),
                            null),
                    DEADLINE,
                    65536);
            String headers = new String(echoed.body(), StandardCharsets.UTF_8);
            assertThat(headers)
                    .contains("x-trace: t1", "host: 127.0.0.1:" + port())
                    .doesNotContain("evil.example");
        }
    }

    private static void assertRefused(OutboundHttp http, String url) {
        assertThatThrownBy(() -> send(http, url))
                .as(url)
                .isInstanceOf(OutboundException.class)
                .satisfies(e -> assertThat(((OutboundException) e).kind()).isEqualTo(OutboundException.Kind.REFUSED));
    }

    private static OutboundResponse send(OutboundHttp http, String url) {
        return http.sendAndWait(OutboundRequest.get(url, List.of()), DEADLINE, 65536);
    }

    private static int port() {
        return Integer.parseInt(upstream.origin().substring(upstream.origin().lastIndexOf(':') + 1));
    }

    private static String encode(String url) {
        return URLEncoder.encode(url, StandardCharsets.UTF_8);
    }
}
