package dev.switchboard.cache.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.cache.JoinSharedClusterResource;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * add/addAll over the HTTP API fetch only what the outbound policy allows (tests allow 127.0.0.1 and nothing else
 * private), follow no redirect, and send none of the caller's headers but the CORS-safelisted ones: the full-read
 * SSRF of issue 11 (metadata credentials returned through match) is closed.
 */
@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
class AddAllOutboundTest extends AddAllFixture {

    @Test
    void privateAndMetadataAddressesAreRefused() throws Exception {
        try (TestOrigin elsewhere = TestOrigin.on("127.0.0.2")) {
            for (String url : List.of(
                    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                    "http://metadata.google.internal/computeMetadata/v1/",
                    "http://10.0.0.1/",
                    "http://192.168.1.1/",
                    "http://[fd00:ec2::254]/",
                    elsewhere.origin() + "/private")) {
                HttpResponse<String> refused = addAll(url, "{}");
                assertThat(ProblemBodies.typeOf(refused)).as(url).isEqualTo(ProblemType.TYPE_ERROR);
                assertThat(refused.body()).contains("outbound request refused");
            }
            assertThat(elsewhere.served()).isZero();
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (TestOrigin upstream = new TestOrigin();
                TestOrigin elsewhere = TestOrigin.on("127.0.0.2")) {
            HttpResponse<String> redirected = addAll(
                    upstream.origin() + "/r?redirect="
                            + URLEncoder.encode(elsewhere.origin() + "/steal", StandardCharsets.UTF_8),
                    "{}");
            assertThat(redirected.statusCode()).isEqualTo(400);
            assertThat(redirected.body()).contains("answered 302");
            assertThat(upstream.served()).isEqualTo(1);
            assertThat(elsewhere.served()).isZero();
        }
    }

    @Test
    void onlyTheSafelistedHeadersOfTheRequestTravel() throws Exception {
        try (TestOrigin upstream = new TestOrigin()) {
            String url = upstream.origin() + "/h?headers";
            HttpResponse<String> added = addAll(
                    url,
                    """
                    {"Accept": "text/plain", "Accept-Language": "fr", "Authorization": "Bearer x", "Cookie": "s=1",
                     "Metadata-Flavor": "Google", "X-Forwarded-For": "10.0.0.1"}""");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
            assertThat(cachedBody(url))
                    .contains("accept: text/plain", "accept-language: fr")
                    .doesNotContain("authorization", "cookie", "metadata-flavor", "x-forwarded-for");
        }
    }
}
