package dev.switchboard.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.DeadLetterHeaders;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** worker-service alone against a real broker: the test plays the gateway on both topics. */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class EventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final URI GATEWAY = ServiceSources.of("gateway", "test");

    @TestHTTPResource("/")
    URI base;

    @Inject
    DeadLetterReplay deadLetters;

    private TestTopic events;
    private TestTopic deliveries;

    @BeforeEach
    void openTopics() {
        Readiness.await(base, WAIT);
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        events = new TestTopic(bootstrap, Topics.EVENTS);
        deliveries = new TestTopic(bootstrap, Topics.DELIVERIES);
    }

    @AfterEach
    void closeTopics() {
        events.close();
        deliveries.close();
    }

    @Test
    void theEchoWorkerAnswersTheSourceClientInTheSameTrace() {
        String clientId = "client-" + UUID.randomUUID();
        CloudEvent message = SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", "echo", "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        events.send(message, Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));

        ConsumerRecord<String, CloudEvent> reply = deliveries.await(
                r -> SwitchboardEvents.extension(r.value(), EventExtensions.IN_REPLY_TO)
                        .orElse("")
                        .equals(message.getId()),
                WAIT);

        assertThat(reply.key()).isEqualTo(clientId);
        assertThat(reply.value().getType()).isEqualTo(EventTypes.CLIENT_DELIVERY);
        assertThat(SwitchboardEvents.clientId(reply.value())).isEqualTo(clientId);
        assertThat(new String(SwitchboardEvents.data(reply.value()), StandardCharsets.UTF_8))
                .isEqualTo("{\"echo\":{\"n\":1}}");
        String traceparent =
                new String(reply.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(traceparent).as("the reply continues the caller's trace").contains(traceId);
    }

    @Test
    void aBinaryMessageReachesTheWorkerAsBytesAndItsBinaryAnswerStaysBinary() {
        String clientId = "client-" + UUID.randomUUID();
        byte[] payload = {0, (byte) 0xff, 42, 10};
        CloudEvent message =
                SwitchboardEvents.clientMessage(GATEWAY, clientId, "alice", "echo", SwitchboardEvents.BINARY, payload);
        events.send(message);

        ConsumerRecord<String, CloudEvent> reply = deliveries.await(
                r -> SwitchboardEvents.extension(r.value(), EventExtensions.IN_REPLY_TO)
                        .orElse("")
                        .equals(message.getId()),
                WAIT);
        assertThat(reply.value().getDataContentType()).isEqualTo(SwitchboardEvents.BINARY);
        assertThat(SwitchboardEvents.data(reply.value())).isEqualTo(payload);
    }

    @Test
    void eventsThatBreakTheContractAreDeadLetteredWithWhyTheClientIsToldAndTheNextIsStillHandled() {
        String clientId = "client-" + UUID.randomUUID();
        byte[] garbage = ("not a cloud event " + clientId).getBytes(StandardCharsets.UTF_8);
        events.sendGarbage(clientId, garbage);
        CloudEvent unknownRegistration = SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", "no-such-registration", "1".getBytes(StandardCharsets.UTF_8));
        events.send(unknownRegistration);
        CloudEvent brokenJson = SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", "echo", "{broken".getBytes(StandardCharsets.UTF_8));
        events.send(brokenJson);
        CloudEvent good = SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", "echo", "\"after\"".getBytes(StandardCharsets.UTF_8));
        events.send(good);

        // In the key's order: an error for each broken event, then the good one's reply.
        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> r.key().equals(clientId), 3, WAIT);
        assertThat(received)
                .extracting(r -> r.value().getType())
                .containsExactly(EventTypes.CLIENT_ERROR, EventTypes.CLIENT_ERROR, EventTypes.CLIENT_DELIVERY);
        assertThat(received)
                .extracting(r -> SwitchboardEvents.extension(r.value(), EventExtensions.IN_REPLY_TO)
                        .orElseThrow())
                .containsExactly(unknownRegistration.getId(), brokenJson.getId(), good.getId());

        await().atMost(WAIT).untilAsserted(() -> {
            List<DeadLetterReplay.Letter> letters = deadLetters.list(10_000).stream()
                    .filter(letter -> clientId.equals(letter.key()))
                    .toList();
            assertThat(letters).hasSize(3);
            assertThat(letters).allSatisfy(letter -> assertThat(letter.failure())
                    .containsEntry(DeadLetterHeaders.REASON, "invalid-event")
                    .containsEntry(DeadLetterHeaders.ATTEMPTS, letter.eventId() == null ? "0" : "1"));
            assertThat(letters)
                    .extracting(DeadLetterReplay.Letter::eventId)
                    .containsExactlyInAnyOrder(null, unknownRegistration.getId(), brokenJson.getId());
        });
    }
}
