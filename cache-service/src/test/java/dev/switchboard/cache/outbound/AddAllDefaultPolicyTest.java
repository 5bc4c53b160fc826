package dev.switchboard.cache.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.switchboard.cache.JoinSharedClusterResource;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the default outbound policy add-all reaches no loopback upstream, by address or by name. */
@QuarkusTest
@TestProfile(DefaultOutboundProfile.class)
@WithTestResource(JoinSharedClusterResource.class)
class AddAllDefaultPolicyTest extends AddAllFixture {

    @Test
    void theDefaultsRefuseLoopback() throws Exception {
        try (TestOrigin upstream = new TestOrigin()) {
            for (String url : new String[] {upstream.origin() + "/x", "http://localhost:" + upstream.port() + "/x"}) {
                HttpResponse<String> refused = addAll(url, "{}");
                assertThat(refused.statusCode()).as(url).isEqualTo(400);
                assertThat(refused.body()).contains("outbound request refused");
            }
            assertThat(upstream.served()).isZero();
        }
    }
}
