package dev.switchboard.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The network path reaches only what the outbound policy allows (tests allow 127.0.0.1, the TestOrigin address),
 * relays an upstream's redirect instead of following it, and relays none of the gateway's credentials.
 */
@QuarkusTest
@TestProfile(UpstreamPolicyFixture.FetchOn.class)
@WithTestResource(SharedInfrastructureResource.class)
class UpstreamPolicyTest extends UpstreamPolicyFixture {

    @Test
    void privateAndMetadataUpstreamsAreRefused() throws Exception {
        try (TestOrigin elsewhere = TestOrigin.on("127.0.0.2")) {
            for (String upstream : List.of(
                    "http://169.254.169.254",
                    "http://10.0.0.1",
                    "http://metadata.google.internal",
                    elsewhere.origin())) {
                HttpResponse<String> refused = get(registration(upstream) + "/latest/meta-data/", Map.of());
                assertThat(refused.statusCode()).as(upstream).isEqualTo(502);
                assertThat(refused.body()).contains("outbound request refused");
                assertThat(ProblemBodies.typeOf(refused)).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE);
                assertThat(refused.headers().firstValue("Switchboard-Fetch")).hasValue("network");
            }
            assertThat(elsewhere.served()).isZero();
        }
    }

    @Test
    void aUrlInNoScopeIsAProblemOfTheGatewayNotTheUpstreams() throws Exception {
        HttpResponse<String> unscoped = get("/app/nowhere-" + UUID.randomUUID() + "/page", Map.of());
        assertThat(ProblemBodies.typeOf(unscoped)).isEqualTo(ProblemType.OUT_OF_SCOPE);
        assertThat(unscoped.headers().firstValue("Switchboard-Fetch")).hasValue("network");
    }

    @Test
    void anUpstreamsRedirectIsRelayedNotFollowed() throws Exception {
        try (TestOrigin upstream = new TestOrigin();
                TestOrigin elsewhere = TestOrigin.on("127.0.0.2")) {
            String target = elsewhere.origin() + "/steal";
            HttpResponse<String> redirect = get(
                    registration(upstream.origin()) + "/r?redirect="
                            + URLEncoder.encode(target, StandardCharsets.UTF_8),
                    Map.of());
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location")).hasValue(target);
            assertThat(elsewhere.served()).isZero();
        }
    }

    @Test
    void theGatewaysCredentialsAreNotRelayed() throws Exception {
        // A credential the gateway admits (fetch interception is admitted like every route), in both places.
        String token = AnonymousTokens.issue().issuedToken();
        try (TestOrigin upstream = new TestOrigin()) {
            HttpResponse<String> echoed = get(
                    registration(upstream.origin()) + "/h?headers",
                    Map.of(
                            "Authorization",
                            "Bearer " + token,
                            "Cookie",
                            "switchboard_token=" + token + "; cart=42; switchboard_client=c-1",
                            "Switchboard-Client",
                            "c-unknown",
                            "X-App",
                            "kept"));
            assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
            assertThat(echoed.body())
                    .contains("cookie: cart=42", "x-app: kept")
                    .doesNotContain(token, "switchboard_token", "switchboard_client", "switchboard-client");
        }
    }
}
