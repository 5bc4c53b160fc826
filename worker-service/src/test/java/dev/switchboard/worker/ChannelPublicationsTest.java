package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.AuthChecks;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Publications from the server: {@code POST /channels/{channel}/publications} (publishers and admins only) and a
 * handler's {@code self.channel(name).postMessage}, each one record of the channels topic keyed by the channel,
 * which is what every gateway node writes to its subscribers (ChannelsTest there).
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class ChannelPublicationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private TestTopic channels;

    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
        channels = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.CHANNELS);
    }

    @AfterEach
    void close() {
        channels.close();
    }

    @Test
    void aPublisherPublishesOneRecordKeyedByTheChannel() throws Exception {
        String channel = "chat:api-" + UUID.randomUUID();
        HttpResponse<String> answer = publish(channel, "{\"n\": 1}  ", TestTokens.publisher());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String eventId = JSON.readTree(answer.body()).get("eventId").asText();

        ConsumerRecord<String, CloudEvent> record = channels.await(r -> r.key().equals(channel), WAIT);
        assertThat(record.value().getId()).isEqualTo(eventId);
        assertThat(record.value().getType()).isEqualTo(EventTypes.CHANNEL_PUBLICATION);
        assertThat(SwitchboardEvents.extension(record.value(), EventExtensions.CHANNEL))
                .hasValue(channel);
        assertThat(SwitchboardEvents.extension(record.value(), EventExtensions.CLIENT_ID))
                .as("no client published it")
                .isEmpty();
        assertThat(new String(SwitchboardEvents.data(record.value()), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":1}");

        String userChannel = "user:alice-" + UUID.randomUUID();
        assertThat(publish(userChannel, "{\"to\":\"alice\"}", TestTokens.admin())
                        .statusCode())
                .as("the server may write to a user's private channel")
                .isEqualTo(202);
        channels.await(r -> r.key().equals(userChannel), WAIT);
    }

    @Test
    void onlyPublishersAndAdminsMayPublish() {
        HttpRequest.Builder request = request("chat:auth", "{}");
        assertThat(AuthChecks.withoutValidToken(request))
                .allSatisfy((kind, status) -> assertThat(status).as(kind).isEqualTo(401));
        assertThat(AuthChecks.status(request, TestTokens.reader())).isEqualTo(403);
        assertThat(AuthChecks.status(request, TestTokens.user("alice")))
                .as("a user without a role")
                .isEqualTo(403);
        assertThat(AuthChecks.status(request, TestTokens.publisher())).isEqualTo(202);
    }

    @Test
    void badPublicationsAreRefusedWithTheirProblem() throws Exception {
        String publisher = TestTokens.publisher();
        assertThat(ProblemBodies.typeOf(publish("nowhere:x", "1", publisher))).isEqualTo(ProblemType.UNKNOWN_CHANNEL);
        assertThat(ProblemBodies.typeOf(publish("chat:has space", "1", publisher)))
                .isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(ProblemBodies.typeOf(publish("chat:a", "{\"n\":", publisher)))
                .isEqualTo(ProblemType.BAD_JSON);
        assertThat(ProblemBodies.typeOf(publish("chat:a", "", publisher))).isEqualTo(ProblemType.BAD_JSON);
        String large = "\"" + "x".repeat(70_000) + "\"";
        assertThat(ProblemBodies.typeOf(publish("chat:a", large, publisher))).isEqualTo(ProblemType.TOO_LARGE);
    }

    @Test
    void aHandlerPublishesWhenItSucceeds() throws Exception {
        String channel = "chat:handler-" + UUID.randomUUID();
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS)) {
            String user = "user-" + UUID.randomUUID();
            events.send(SwitchboardEvents.userEvent(
                    ServiceSources.of("push-service", "test"),
                    EventTypes.PUSH_PUSH,
                    user,
                    user,
                    ChannelTestWorker.REGISTRATION,
                    ("{\"messageId\":\"m1\",\"data\":\"" + channel + "\",\"ttl\":60}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        ConsumerRecord<String, CloudEvent> record = channels.await(r -> r.key().equals(channel), WAIT);
        JsonNode published = JSON.readTree(SwitchboardEvents.data(record.value()));
        assertThat(published.get("pushed").asText()).isEqualTo(channel);
        assertThat(SwitchboardEvents.extension(record.value(), EventExtensions.CHANNEL))
                .hasValue(channel);
    }

    private HttpResponse<String> publish(String channel, String body, String token) throws Exception {
        return HTTP.send(
                request(channel, body)
                        .header("Authorization", TestTokens.bearer(token))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String channel, String body) {
        return HttpRequest.newBuilder(base.resolve("/channels/"
                        + URLEncoder.encode(channel, StandardCharsets.UTF_8).replace("+", "%20") + "/publications"))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
