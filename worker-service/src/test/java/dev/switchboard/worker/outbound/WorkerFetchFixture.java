package dev.switchboard.worker.outbound;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.runtime.AdminClient;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * A worker's {@code self.fetch} driven from outside, as the gateway drives it: a probe bundle that answers fetch
 * events from the network is published and registered over the admin API with the upstream a test names, and a
 * fetch event goes through Kafka.
 */
abstract class WorkerFetchFixture {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] PROBE = {"name", "net", "fetch", "network"};

    @TestHTTPResource("/")
    URI base;

    final String origin = "https://fetch-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    final String scope = origin + "/app/";

    /** Registers the network-fetching probe at {@code scope} with {@code upstreamOrigin}: the admin API's answer. */
    HttpResponse<String> register(String upstreamOrigin) throws Exception {
        return admin().register(scope, upstreamOrigin, PROBE);
    }

    /** Registers, waits until the version is activated, and returns the registration. */
    JsonNode activated(String upstreamOrigin) throws Exception {
        return admin().activated(scope, upstreamOrigin, PROBE);
    }

    /** A fetch event for {@code url} with {@code headers}, answered by the registration's active version. */
    FetchMessages.Response fetch(JsonNode registration, String url, List<FetchMessages.Header> headers) {
        CloudEvent event = FetchMessages.requestEvent(
                ServiceSources.of("gateway", "test"),
                registration.path("id").asText(),
                registration.path("activeVersion").asText(),
                "gateway-test",
                new FetchMessages.Request("GET", url, headers, new byte[0], "client-" + UUID.randomUUID()));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic answers =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.FETCH_RESPONSES)) {
            events.send(event);
            ConsumerRecord<String, CloudEvent> answer = answers.await(
                    record -> SwitchboardEvents.extension(record.value(), EventExtensions.IN_REPLY_TO)
                            .orElse("")
                            .equals(event.getId()),
                    WAIT);
            return FetchMessages.decodeResponse(SwitchboardEvents.data(answer.value()));
        }
    }

    static String text(FetchMessages.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private AdminClient admin() {
        return new AdminClient(base, WAIT);
    }
}
