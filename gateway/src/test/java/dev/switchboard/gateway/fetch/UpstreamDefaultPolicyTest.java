package dev.switchboard.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the default outbound policy the network path reaches no loopback upstream, by address or by name. */
@QuarkusTest
@TestProfile(UpstreamDefaultPolicyTest.DefaultPolicy.class)
@WithTestResource(SharedInfrastructureResource.class)
class UpstreamDefaultPolicyTest extends UpstreamPolicyFixture {

    /** Fetch interception on, and the tests' allowance for 127.0.0.1 taken away. */
    public static class DefaultPolicy extends FetchOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.fetch.origin", ORIGIN, "switchboard.outbound.allowed-networks", "");
        }
    }

    @Test
    void theDefaultsRefuseLoopback() throws Exception {
        try (TestOrigin upstream = new TestOrigin()) {
            for (String origin : new String[] {upstream.origin(), "http://localhost:" + upstream.port()}) {
                var refused = get(registration(origin) + "/x", Map.of());
                assertThat(refused.statusCode()).as(origin).isEqualTo(502);
                assertThat(refused.body()).contains("outbound request refused");
            }
            assertThat(upstream.served()).isZero();
        }
    }
}
