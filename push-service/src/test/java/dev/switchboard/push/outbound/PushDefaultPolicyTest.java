package dev.switchboard.push.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.push.TestBrowsers;
import dev.switchboard.push.rest.JsonHttp;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the default outbound policy no Web Push goes to loopback: refused by address, and by name at every send. */
@QuarkusTest
@TestProfile(DefaultOutboundProfile.class)
@WithTestResource(SecuredServiceResource.class)
class PushDefaultPolicyTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theDefaultsRefuseLoopbackEndpoints() {
        JsonHttp api = new JsonHttp(base, TestTokens.publisher());
        String user = "user-" + UUID.randomUUID();
        try (TestOrigin pushService = new TestOrigin()) {
            JsonHttp.Reply literal = api.post(
                    "/push/users/" + user + "/subscriptions",
                    TestBrowsers.subscription(pushService.origin() + "/push/a", null));
            assertThat(literal.status()).isEqualTo(400);
            assertThat(literal.body().path("detail").asText()).contains("127.0.0.1 is not a public address");

            // A name passes subscribing; what it resolves to is checked at every send.
            JsonHttp.Reply named = api.post(
                    "/push/users/" + user + "/subscriptions",
                    TestBrowsers.subscription("http://localhost:" + pushService.port() + "/push/b", null));
            assertThat(named.status()).isEqualTo(201);
            double refusedBefore = refused(api);
            assertThat(api.post(
                                    "/push/subscriptions/"
                                            + named.body().path("id").asText() + "/messages",
                                    Map.of("payload", "to loopback"))
                            .status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> refused(api) > refusedBefore);
            assertThat(pushService.served()).isZero();
        }
    }

    private static double refused(JsonHttp api) {
        return api.get("/q/metrics")
                .body()
                .asText()
                .lines()
                .filter(line -> line.startsWith("switchboard_push_failed_total{reason=\"refused-endpoint\""))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(line.indexOf(' ') + 1).split(" ")[0]))
                .sum();
    }
}
