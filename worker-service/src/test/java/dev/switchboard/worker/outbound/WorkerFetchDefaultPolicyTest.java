package dev.switchboard.worker.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With the default outbound policy a worker's fetch reaches no loopback upstream, by address or by name. */
@QuarkusTest
@TestProfile(DefaultOutboundProfile.class)
@WithTestResource(SecuredServiceResource.class)
class WorkerFetchDefaultPolicyTest extends WorkerFetchFixture {

    @Test
    void theDefaultsRefuseLoopback() throws Exception {
        try (TestOrigin upstream = new TestOrigin()) {
            assertThat(register(upstream.origin()).statusCode()).isEqualTo(400);
            // A name passes registration; at every fetch it is checked on the address it resolves to.
            JsonNode registration = activated("http://localhost:" + upstream.port());
            assertThat(text(fetch(registration, scope + "x", List.of())))
                    .startsWith("network failed")
                    .contains("resolves to 127.0.0.1");
            assertThat(upstream.served()).isZero();
        }
    }
}
