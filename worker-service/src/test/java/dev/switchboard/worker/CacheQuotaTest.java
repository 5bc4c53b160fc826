package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.runtime.AdminClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A handler writes to the Cache API within {@code switchboard.cache.*} as configured, not within built-in defaults:
 * with a 4 KiB quota, a body the defaults (50 MiB) would take is refused with {@code QUOTA_EXCEEDED}, one within the
 * quota is stored.
 */
@QuarkusTest
@TestProfile(CacheQuotaTest.SmallQuota.class)
@WithTestResource(SecuredServiceResource.class)
class CacheQuotaTest {

    /** A quota of 4 KiB per origin; max-body-bytes may not exceed it (start-up checks that). */
    public static class SmallQuota implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.cache.quota-bytes", "4096", "switchboard.cache.max-body-bytes", "4096");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private final String scope = "https://quota-" + UUID.randomUUID().toString().substring(0, 8) + ".example/app/";

    @Test
    void aHandlerWriteOverTheConfiguredQuotaIsRefused() throws Exception {
        String registration = new AdminClient(base, WAIT)
                .activated(scope, null, "name", "quota")
                .path("id")
                .asText();
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            JsonNode refused = put(events, deliveries, registration, 4096);
            assertThat(refused.path("refused").asText()).isEqualTo("QUOTA_EXCEEDED");
            assertThat(refused.path("message").asText())
                    .as("its URL and headers take it past the quota")
                    .contains("the origin's quota is 4096");

            assertThat(put(events, deliveries, registration, 1024)
                            .path("stored")
                            .asBoolean())
                    .isTrue();
        }
    }

    /** Has the handler put a body of {@code bytes} and answers what it said. */
    private static JsonNode put(TestTopic events, TestTopic deliveries, String registration, int bytes)
            throws Exception {
        String client = "client-" + UUID.randomUUID();
        events.send(SwitchboardEvents.clientMessage(
                ServiceSources.of("gateway", "test"),
                client,
                "alice",
                registration,
                ("{\"put\":" + bytes + "}").getBytes(StandardCharsets.UTF_8)));
        return JSON.readTree(SwitchboardEvents.data(
                deliveries.await(record -> record.key().equals(client), WAIT).value()));
    }
}
