package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.RawWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The number of client registry calls a node lets wait is bounded: past it, connecting clients are refused at
 * once with 503 instead of queueing. Shown with the bound at zero, where every connect is past it.
 */
@QuarkusTest
@TestProfile(RegistryBoundTest.NoPendingRegistryCalls.class)
@WithTestResource(SharedInfrastructureResource.class)
class RegistryBoundTest {

    public static class NoPendingRegistryCalls implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.registry-max-pending", "0");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Test
    void connectsPastTheBoundAreRefusedAtOnceWith503() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of())) {
            assertThat(socket.status()).isEqualTo(503);
        }
        HttpResponse<String> stream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/sse"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(503);
        assertThat(ProblemBodies.typeOf(stream)).isEqualTo(ProblemType.NOT_ACCEPTED);
    }
}
