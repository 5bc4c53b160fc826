package dev.switchboard.worker.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A worker's {@code self.fetch} reaches only what the outbound policy allows (tests allow 127.0.0.1, the
 * TestOrigin address, and nothing else), follows no redirect, and relays no credential meant for Switchboard.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class WorkerFetchOutboundTest extends WorkerFetchFixture {

    @Test
    void upstreamsOnPrivateOrMetadataAddressesAreRefusedWhenRegistered() throws Exception {
        for (String upstream : List.of(
                "http://169.254.169.254",
                "http://10.1.2.3:8080",
                "http://metadata.google.internal",
                "http://[fd00:ec2::254]",
                "http://127.0.0.2:8080")) {
            HttpResponse<String> refused = register(upstream);
            assertThat(refused.statusCode()).as(upstream).isEqualTo(400);
            assertThat(refused.body()).contains("outbound request refused");
        }
    }

    @Test
    void anUpstreamsRedirectIsNotFollowedAndSwitchboardsCredentialsStayBehind() throws Exception {
        try (TestOrigin upstream = new TestOrigin();
                TestOrigin elsewhere = TestOrigin.on("127.0.0.2")) {
            JsonNode registration = activated(upstream.origin());
            FetchMessages.Response redirect = fetch(
                    registration,
                    scope + "r?redirect=" + URLEncoder.encode(elsewhere.origin() + "/steal", StandardCharsets.UTF_8),
                    List.of());
            assertThat(redirect.status())
                    .as("the redirect itself, not its target")
                    .isEqualTo(302);
            assertThat(elsewhere.served()).isZero();

            FetchMessages.Response echoed = fetch(
                    registration,
                    scope + "h?headers",
                    List.of(
                            new FetchMessages.Header("Authorization", "Bearer user-token"),
                            new FetchMessages.Header("Cookie", "switchboard_token=jwt; cart=42"),
                            new FetchMessages.Header("Switchboard-Client", "c-1"),
                            new FetchMessages.Header("Accept", "text/html")));
            assertThat(echoed.status()).isEqualTo(200);
            assertThat(text(echoed))
                    .contains("accept: text/html", "cookie: cart=42")
                    .doesNotContain("user-token", "switchboard_token", "switchboard-client");
        }
    }
}
