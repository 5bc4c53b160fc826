package dev.switchboard.worker.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.runtime.TestBundles;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * A worker's {@code self.fetch} driven from outside, as the gateway drives it: a probe bundle that answers fetch
 * events from the network is published and registered over the admin API with the upstream a test names, and a
 * fetch event goes through Kafka.
 */
abstract class WorkerFetchFixture {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();
    final String origin = "https://fetch-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    final String scope = origin + "/app/";

    /** Registers the network-fetching probe at {@code scope} with {@code upstreamOrigin}: the admin API's answer. */
    HttpResponse<String> register(String upstreamOrigin) throws Exception {
        Readiness.await(base, WAIT);
        String script = scope + "sw-" + UUID.randomUUID() + ".jar";
        HttpResponse<String> published = admin(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe("name", "net", "fetch", "network"))));
        assertThat(published.statusCode()).isEqualTo(200);
        return admin(HttpRequest.newBuilder(base.resolve("/admin/registrations")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("scriptUrl", script,
                        "scope", scope, "upstreamOrigin", upstreamOrigin)))));
    }

    /** Registers, waits until the version is activated, and returns the registration. */
    JsonNode activated(String upstreamOrigin) throws Exception {
        HttpResponse<String> registered = register(upstreamOrigin);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String id = JSON.readTree(registered.body()).path("id").asText();
        return await().atMost(WAIT).until(() -> JSON.readTree(admin(HttpRequest.newBuilder(
                base.resolve("/admin/registrations/" + id)).GET()).body()),
                record -> "activated".equals(record.path("activeState").asText()));
    }

    /** A fetch event for {@code url} with {@code headers}, answered by the registration's active version. */
    FetchMessages.Response fetch(JsonNode registration, String url, List<FetchMessages.Header> headers) {
        CloudEvent event = FetchMessages.requestEvent(ServiceSources.of("gateway", "test"), registration.path("id").asText(),
                registration.path("activeVersion").asText(), "gateway-test",
                new FetchMessages.Request("GET", url, headers, new byte[0], "client-" + UUID.randomUUID()));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic answers = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.FETCH_RESPONSES)) {
            events.send(event);
            ConsumerRecord<String, CloudEvent> answer = answers.await(record -> SwitchboardEvents
                    .extension(record.value(), EventExtensions.IN_REPLY_TO).orElse("").equals(event.getId()), WAIT);
            return FetchMessages.decodeResponse(SwitchboardEvents.data(answer.value()));
        }
    }

    static String text(FetchMessages.Response response) {
        return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    HttpResponse<String> admin(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(WAIT).header("Authorization", TestTokens.bearer(TestTokens.admin())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
