package dev.switchboard.push.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sync scheduler's side of the protocol, with this test in the worker's place: it reads the attempts from
 * {@code switchboard.events} and answers each on {@code switchboard.sync.outcomes} as a worker would. The test
 * profile allows 3 attempts, 0.2 s initial backoff. (The whole path, with the worker process calling an upstream,
 * is deploy/local's {@code PushNotificationSyncIT}.)
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class SyncSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI SOURCE = ServiceSources.of("test", "sync");

    private String user;
    private TestTopic syncs;
    private TestTopic events;
    private TestTopic outcomes;

    @BeforeEach
    void openTopics() {
        user = "user-" + UUID.randomUUID();
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        syncs = new TestTopic(bootstrap, Topics.SYNC);
        events = new TestTopic(bootstrap, Topics.EVENTS);
        outcomes = new TestTopic(bootstrap, Topics.SYNC_OUTCOMES);
    }

    @AfterEach
    void closeTopics() {
        syncs.close();
        events.close();
        outcomes.close();
    }

    @Test
    void aSyncFailingTwiceSucceedsOnTheThirdAttemptWhichIsItsLastChance() throws Exception {
        syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", "outbox", bytes("{\"items\":2}")));

        List<JsonNode> attempts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ConsumerRecord<String, CloudEvent> attempt = nextAttempt("outbox", i);
            JsonNode data = JSON.readTree(SwitchboardEvents.data(attempt.value()));
            attempts.add(data);
            assertThat(attempt.key()).isEqualTo(user + "/outbox");
            assertThat(SwitchboardEvents.extension(attempt.value(), EventExtensions.REGISTRATION_ID))
                    .hasValue("shop");
            answer(attempt.value(), data, i == 3);
        }
        assertThat(attempts)
                .extracting(data -> data.get("lastChance").asBoolean())
                .containsExactly(false, false, true);
        assertThat(attempts)
                .extracting(data -> data.get("payload").get("items").asInt())
                .containsOnly(2);
        assertThat(attempts).extracting(data -> data.get("tag").asText()).containsOnly("outbox");
    }

    @Test
    void aSyncWhoseEveryAttemptFailsLandsInTheDeadLetterTopicWithItsAttempts() throws Exception {
        try (TestTopic deadLetters =
                new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.SYNC_DEAD_LETTER)) {
            syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", "doomed", bytes("\"p\"")));
            for (int i = 1; i <= 3; i++) {
                ConsumerRecord<String, CloudEvent> attempt = nextAttempt("doomed", i);
                answer(attempt.value(), JSON.readTree(SwitchboardEvents.data(attempt.value())), false);
            }
            ConsumerRecord<String, CloudEvent> dead =
                    deadLetters.await(record -> record.key().equals(user + "/doomed"), WAIT);
            assertThat(dead.value().getType()).isEqualTo(EventTypes.SYNC_DEAD);
            JsonNode letter = JSON.readTree(SwitchboardEvents.data(dead.value()));
            assertThat(letter.get("reason").asText()).isEqualTo("the last attempt failed");
            assertThat(letter.get("payload").asText()).isEqualTo("p");
            assertThat(letter.get("attempts")).hasSize(3);
            assertThat(letter.get("attempts").get(2).get("error").asText()).isEqualTo("upstream said no");
        }
    }

    @Test
    void theSyncsOfOneTagRunOneAfterTheOtherInTheOrderTheyWereRegistered() throws Exception {
        syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", "ordered", bytes("1")));
        syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", "ordered", bytes("2")));

        ConsumerRecord<String, CloudEvent> first = nextAttempt("ordered", 1);
        JsonNode firstData = JSON.readTree(SwitchboardEvents.data(first.value()));
        assertThat(firstData.get("payload").asInt()).isEqualTo(1);
        answer(first.value(), firstData, false); // the first sync fails once: the second still waits for it
        ConsumerRecord<String, CloudEvent> retry = nextAttempt("ordered", 2);
        JsonNode retryData = JSON.readTree(SwitchboardEvents.data(retry.value()));
        assertThat(retryData.get("payload").asInt())
                .as("the first sync's retry comes before the second sync")
                .isEqualTo(1);
        answer(retry.value(), retryData, true);
        ConsumerRecord<String, CloudEvent> second = nextAttempt("ordered", 1);
        assertThat(JSON.readTree(SwitchboardEvents.data(second.value()))
                        .get("payload")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aUserPastItsSyncQuotaGetsTheExtraSyncDeadLetteredAtOnceNamingTheQuota() throws Exception {
        try (TestTopic deadLetters =
                new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.SYNC_DEAD_LETTER)) {
            List<String> tags = List.of("q1", "q2", "q3", "q4");
            tags.forEach(tag -> syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", tag, bytes("1"))));

            // The test profile's quota is 3: one of the four (whichever came last) is refused without an attempt.
            ConsumerRecord<String, CloudEvent> refused =
                    deadLetters.await(record -> record.key().startsWith(user + "/"), WAIT);
            JsonNode letter = JSON.readTree(SwitchboardEvents.data(refused.value()));
            assertThat(letter.get("reason").asText())
                    .startsWith("quota-exceeded")
                    .contains("already has 3 syncs", "switchboard.push.sync.max-per-user");
            assertThat(letter.get("attempts")).isEmpty();
            String refusedTag = letter.get("tag").asText();
            List<String> admitted = new ArrayList<>(
                    tags.stream().filter(tag -> !tag.equals(refusedTag)).toList());
            while (!admitted.isEmpty()) {
                // The three run at once, in any order: take whichever attempt comes next.
                ConsumerRecord<String, CloudEvent> attempt = events.await(
                        record -> admitted.stream().anyMatch(tag -> record.key().equals(user + "/" + tag))
                                && EventTypes.SYNC_ATTEMPT.equals(record.value().getType()),
                        WAIT);
                JsonNode data = JSON.readTree(SwitchboardEvents.data(attempt.value()));
                admitted.remove(data.get("tag").asText());
                answer(attempt.value(), data, true);
            }

            // Settled syncs give their place back: the next one is attempted.
            await().atMost(WAIT).until(() -> SharedInfrastructure.hazelcast()
                    .member(0)
                    .<String, String>getMap(HazelcastNames.SYNC_PENDING)
                    .keySet(Predicates.equal("this", user))
                    .isEmpty());
            syncs.send(SwitchboardEvents.syncRegistration(SOURCE, user, "shop", "after", bytes("2")));
            ConsumerRecord<String, CloudEvent> after = nextAttempt("after", 1);
            assertThat(JSON.readTree(SwitchboardEvents.data(after.value()))
                            .get("payload")
                            .asInt())
                    .isEqualTo(2);
            answer(after.value(), JSON.readTree(SwitchboardEvents.data(after.value())), true);
        }
    }

    private ConsumerRecord<String, CloudEvent> nextAttempt(String tag, int number) {
        return events.await(
                record -> record.key().equals(user + "/" + tag)
                        && EventTypes.SYNC_ATTEMPT.equals(record.value().getType())
                        && attemptNumber(record.value()) == number,
                WAIT);
    }

    private static int attemptNumber(CloudEvent event) {
        try {
            return JSON.readTree(SwitchboardEvents.data(event)).get("attempt").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** What a worker answers: the outcome, keyed by the push-service node waiting for it. */
    private void answer(CloudEvent attempt, JsonNode data, boolean succeeded) throws Exception {
        String replyTo =
                SwitchboardEvents.extension(attempt, EventExtensions.REPLY_TO).orElseThrow();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("attemptId", data.get("attemptId").asText());
        outcome.put("succeeded", succeeded);
        outcome.put("error", succeeded ? null : "upstream said no");
        outcomes.send(SwitchboardEvents.userEvent(
                SOURCE, EventTypes.SYNC_OUTCOME, replyTo, user, "shop", JSON.writeValueAsBytes(outcome)));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
