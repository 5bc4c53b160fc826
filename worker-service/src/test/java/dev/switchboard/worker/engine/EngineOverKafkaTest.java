package dev.switchboard.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.DeadLetterHeaders;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.EngineProbe;
import dev.switchboard.worker.messaging.DeadLetterReplay;
import dev.switchboard.worker.runtime.WorkerRuntime;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The event engine inside worker-service, on a real broker: the test plays the gateway on the events, deliveries
 * and fetch-responses topics, and a test worker ({@code engine-test}) does what each message tells it.
 */
@QuarkusTest
@TestProfile(EngineOverKafkaTest.ShortDeadlines.class)
@WithTestResource(SecuredServiceResource.class)
class EngineOverKafkaTest {

    /** Deadlines and backoffs short enough for a test. */
    public static class ShortDeadlines implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.worker.handler-timeout",
                    "2s",
                    "switchboard.worker.engine.abandon-grace",
                    "500ms",
                    "switchboard.worker.engine.retry.max-attempts",
                    "3",
                    "switchboard.worker.engine.retry.initial-backoff",
                    "20ms",
                    "switchboard.worker.engine.retry.max-backoff",
                    "100ms");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final URI GATEWAY = ServiceSources.of("gateway", "engine-test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    DeadLetterReplay deadLetters;

    @Inject
    HazelcastInstance hazelcast;

    @Inject
    EventLimits limits;

    @Inject
    WorkerRuntime runtime;

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

    @AfterAll
    static void releaseSpinners() {
        EngineProbe.releaseSpinners();
    }

    @Test
    void everyKeysRepliesComeInOrderWhileKeysRunConcurrently() {
        int keys = 1_000;
        int perKey = 100;
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<CloudEvent> sent = new ArrayList<>(keys * perKey);
        for (int seq = 0; seq < perKey; seq++) {
            for (int key = 0; key < keys; key++) {
                sent.add(message(run + "-" + key, Map.of("seq", seq)));
            }
        }
        events.sendAll(sent);

        List<ConsumerRecord<String, CloudEvent>> replies = deliveries.awaitAll(
                r -> r.key().startsWith(run + "-") && r.value().getType().equals(EventTypes.CLIENT_DELIVERY),
                keys * perKey,
                Duration.ofMinutes(4));
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (ConsumerRecord<String, CloudEvent> reply : replies) {
            byKey.computeIfAbsent(reply.key(), k -> new ArrayList<>())
                    .add(data(reply.value()).path("seq").asInt());
        }
        assertThat(byKey).hasSize(keys);
        List<Integer> inOrder = IntStream.range(0, perKey).boxed().toList();
        byKey.forEach((key, seqs) -> assertThat(seqs).as("replies of %s", key).isEqualTo(inOrder));
    }

    @Test
    void aThrowingHandlerIsDeadLetteredAfterItsTriesWhileLaterEventsOfItsKeyAreHandled() {
        String client = "client-" + UUID.randomUUID();
        CloudEvent failing = message(client, Map.of("fail", true));
        CloudEvent later = message(client, Map.of("seq", 1));
        events.sendAll(List.of(failing, later));

        ConsumerRecord<String, CloudEvent> error = deliveries.await(
                r -> r.key().equals(client) && r.value().getType().equals(EventTypes.CLIENT_ERROR), WAIT);
        assertThat(SwitchboardEvents.extension(error.value(), EventExtensions.IN_REPLY_TO))
                .contains(failing.getId());
        assertThat(data(error.value()).path("code").asText()).isEqualTo("event-failed");
        ConsumerRecord<String, CloudEvent> reply = deliveries.await(
                r -> r.key().equals(client) && r.value().getType().equals(EventTypes.CLIENT_DELIVERY), WAIT);
        assertThat(SwitchboardEvents.extension(reply.value(), EventExtensions.IN_REPLY_TO))
                .contains(later.getId());
        assertThat(EngineProbe.runs(failing.getId())).isEqualTo(3);

        DeadLetterReplay.Letter letter = awaitLetter(failing.getId());
        assertThat(letter.failure())
                .containsEntry(DeadLetterHeaders.REASON, "handler-failed")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "3")
                .containsEntry(DeadLetterHeaders.REGISTRATION, EngineProbe.REGISTRATION)
                .containsEntry(
                        DeadLetterHeaders.VERSION,
                        runtime.lifecycle()
                                .get(EngineProbe.REGISTRATION)
                                .orElseThrow()
                                .activeVersion())
                .containsEntry(DeadLetterHeaders.EXCEPTION_TYPE, IllegalStateException.class.getName());
        assertThat(letter.type()).isEqualTo(EventTypes.CLIENT_MESSAGE);
    }

    @Test
    void aHandlerInAnEndlessLoopIsAbandonedAfterItsDeadlineAndTheNodeKeepsServingOtherKeys() throws Exception {
        String spinning = "client-" + UUID.randomUUID();
        CloudEvent spin = message(spinning, Map.of("spin", true));
        events.send(spin);
        await().atMost(WAIT).until(() -> EngineProbe.runs(spin.getId()) == 1);

        List<String> others = IntStream.range(0, 20)
                .mapToObj(i -> "client-" + UUID.randomUUID())
                .toList();
        events.sendAll(
                others.stream().map(other -> message(other, Map.of("seq", 7))).toList());
        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> others.contains(r.key()) || r.key().equals(spinning), others.size() + 1, WAIT);
        Set<String> answered = received.stream()
                .map(ConsumerRecord::key)
                .filter(others::contains)
                .collect(Collectors.toSet());
        assertThat(answered).containsExactlyInAnyOrderElementsOf(others);
        ConsumerRecord<String, CloudEvent> error = received.stream()
                .filter(r -> r.key().equals(spinning))
                .findFirst()
                .orElseThrow();
        assertThat(error.value().getType()).isEqualTo(EventTypes.CLIENT_ERROR);
        assertThat(data(error.value()).path("message").asText()).startsWith("deadline");
        assertThat(awaitLetter(spin.getId()).failure())
                .containsEntry(DeadLetterHeaders.REASON, "deadline")
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "1");
        await().atMost(WAIT)
                .until(() -> metric("switchboard_worker_handler_threads_abandoned_alive{pool=\"events\"}") >= 1);
        assertThat(metric("switchboard_worker_handler_threads_abandoned_total{pool=\"events\"}"))
                .isGreaterThanOrEqualTo(1);
        EngineProbe.releaseSpinners();
        await().atMost(WAIT)
                .until(() -> metric("switchboard_worker_handler_threads_abandoned_alive{pool=\"events\"}") == 0);
    }

    @Test
    void aTwoMebibyteFetchAnswerTravelsBesideItsRecordAndThePartitionKeepsMoving() throws Exception {
        String client = "client-" + UUID.randomUUID();
        String node = "gateway-" + UUID.randomUUID();
        int size = 2 * 1024 * 1024;
        CloudEvent fetch = FetchMessages.requestEvent(
                GATEWAY,
                EngineProbe.REGISTRATION,
                "builtin:" + EngineProbe.REGISTRATION,
                node,
                new FetchMessages.Request("GET", "https://shop.example/bytes/" + size, List.of(), new byte[0], client));
        CloudEvent after = message(client, Map.of("seq", 2));
        try (TestTopic responses =
                new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.FETCH_RESPONSES)) {
            events.sendAll(List.of(fetch, after));
            ConsumerRecord<String, CloudEvent> answer =
                    responses.await(r -> r.key().equals(node), WAIT);
            FetchMessages.Response response = FetchMessages.decodeResponse(SwitchboardEvents.data(answer.value()));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyRef())
                    .as("too large to travel inside the record")
                    .isNotNull();
            assertThat(answer.serializedValueSize()).isLessThan(limits.inlineBodyMaxBytes());
            byte[] body = new EventBodies(hazelcast, limits)
                    .take(response.bodyRef())
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(body).hasSize(size);
        }
        ConsumerRecord<String, CloudEvent> reply = deliveries.await(r -> r.key().equals(client), WAIT);
        assertThat(SwitchboardEvents.extension(reply.value(), EventExtensions.IN_REPLY_TO))
                .contains(after.getId());
    }

    @Test
    void aReplayedDeadLetterIsHandledAgain() throws Exception {
        String client = "client-" + UUID.randomUUID();
        // Fails its first three runs: dead-lettered on the first pass, handled when replayed.
        CloudEvent event = message(client, Map.of("failFirst", 3, "seq", 9));
        events.send(event);
        awaitLetter(event.getId());

        HttpResponse<String> replayed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/admin/dead-letters/replay?max=10000"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .header("Authorization", TestTokens.bearer(TestTokens.admin()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).path("replayed").asInt()).isGreaterThanOrEqualTo(1);

        ConsumerRecord<String, CloudEvent> reply = deliveries.await(
                r -> r.key().equals(client) && r.value().getType().equals(EventTypes.CLIENT_DELIVERY), WAIT);
        assertThat(SwitchboardEvents.extension(reply.value(), EventExtensions.IN_REPLY_TO))
                .contains(event.getId());
        assertThat(data(reply.value()).path("seq").asInt()).isEqualTo(9);
        assertThat(EngineProbe.runs(event.getId())).isEqualTo(4);
        assertThat(deadLetters.list(10_000))
                .extracting(DeadLetterReplay.Letter::eventId)
                .doesNotContain(event.getId());
    }

    private DeadLetterReplay.Letter awaitLetter(String eventId) {
        return await().atMost(WAIT)
                .until(
                        () -> deadLetters.list(10_000).stream()
                                .filter(letter -> eventId.equals(letter.eventId()))
                                .findFirst()
                                .orElse(null),
                        letter -> letter != null);
    }

    private double metric(String series) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(line -> line.startsWith(series + " "))
                .findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length()).trim()))
                .orElse(0.0);
    }

    private static CloudEvent message(String clientId, Map<String, Object> data) {
        try {
            return SwitchboardEvents.clientMessage(
                    GATEWAY, clientId, "alice", EngineProbe.REGISTRATION, JSON.writeValueAsBytes(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(new String(SwitchboardEvents.data(event), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
