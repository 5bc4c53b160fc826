package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * worker-service against a real broker, the test in the place of push-service and the gateway: push, sync,
 * notification and subscription-change events wake {@link PushSyncWorker}; its {@code showNotification} and
 * {@code registerSync} leave only when it succeeds; a sync attempt is answered with its outcome either way.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushAndSyncEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final URI PUSH = ServiceSources.of("push-service", "test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private String user;
    private TestTopic events;
    private TestTopic deliveries;
    private TestTopic syncs;
    private TestTopic outcomes;

    @BeforeEach
    void openTopics() {
        Readiness.await(base, WAIT);
        user = "user-" + UUID.randomUUID();
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        events = new TestTopic(bootstrap, Topics.EVENTS);
        deliveries = new TestTopic(bootstrap, Topics.DELIVERIES);
        syncs = new TestTopic(bootstrap, Topics.SYNC);
        outcomes = new TestTopic(bootstrap, Topics.SYNC_OUTCOMES);
    }

    @AfterEach
    void closeTopics() {
        events.close();
        deliveries.close();
        syncs.close();
        outcomes.close();
    }

    @Test
    void aPushShowsANotificationToTheUserAndRegistersASync() throws Exception {
        events.send(SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_PUSH,
                user,
                user,
                PushSyncWorker.REGISTRATION,
                bytes("{\"messageId\":\"m1\",\"data\":\"hello\",\"ttl\":60}")));

        ConsumerRecord<String, CloudEvent> shown =
                deliveries.await(record -> record.key().equals(user), WAIT);
        assertThat(shown.value().getType()).isEqualTo(EventTypes.NOTIFICATION_SHOW);
        assertThat(SwitchboardEvents.userId(shown.value())).isEqualTo(user);
        assertThat(SwitchboardEvents.extension(shown.value(), EventExtensions.REGISTRATION_ID))
                .hasValue(PushSyncWorker.REGISTRATION);
        JsonNode notification = JSON.readTree(SwitchboardEvents.data(shown.value()));
        assertThat(notification.get("title").asText()).isEqualTo("new: hello");
        assertThat(notification.get("options").get("tag").asText()).isEqualTo("t1");

        ConsumerRecord<String, CloudEvent> registered =
                syncs.await(record -> record.key().equals(user + "/after-push"), WAIT);
        assertThat(registered.value().getType()).isEqualTo(EventTypes.SYNC_REGISTER);
        assertThat(SwitchboardEvents.extension(registered.value(), EventExtensions.SYNC_TAG))
                .hasValue("after-push");
        assertThat(JSON.readTree(SwitchboardEvents.data(registered.value()))
                        .get("text")
                        .asText())
                .isEqualTo("hello");
    }

    @Test
    void aFailedSyncAttemptSendsNothingButItsOutcomeAndASucceededOneSendsBoth() throws Exception {
        events.send(attempt("a1", "{\"fail\":true}"));
        JsonNode failed = outcome("a1");
        assertThat(failed.get("succeeded").asBoolean()).isFalse();
        assertThat(failed.get("error").asText()).contains("told to fail on attempt 2");

        // One at a time: TestTopic.await passes over the rest of the batch it found a match in.
        events.send(attempt("a2", "{\"fail\":false}"));
        JsonNode succeeded = outcome("a2");
        assertThat(succeeded.get("succeeded").asBoolean()).isTrue();
        assertThat(succeeded.get("error").isNull()).isTrue();

        ConsumerRecord<String, CloudEvent> shown =
                deliveries.await(record -> record.key().equals(user), WAIT);
        assertThat(JSON.readTree(SwitchboardEvents.data(shown.value()))
                        .get("title")
                        .asText())
                .as("the failed attempt's notification never left")
                .isEqualTo("synced outbox");
    }

    @Test
    void aNotificationCloseWakesTheWorkerWhichAnswersTheClient() throws Exception {
        String clientId = "client-" + UUID.randomUUID();
        CloudEvent close = SwitchboardEvents.clientEvent(
                ServiceSources.of("gateway", "test"),
                EventTypes.NOTIFICATION_CLOSE,
                clientId,
                user,
                PushSyncWorker.REGISTRATION,
                bytes("{\"tag\":\"t1\",\"action\":\"\",\"data\":{\"order\":7}}"));
        events.send(close);

        ConsumerRecord<String, CloudEvent> answer =
                deliveries.await(record -> record.key().equals(clientId), WAIT);
        assertThat(answer.value().getType()).isEqualTo(EventTypes.CLIENT_DELIVERY);
        assertThat(SwitchboardEvents.extension(answer.value(), EventExtensions.IN_REPLY_TO))
                .hasValue(close.getId());
        JsonNode data = JSON.readTree(SwitchboardEvents.data(answer.value()));
        assertThat(data.get("closed").asText()).isEqualTo("t1");
        assertThat(data.get("data").get("order").asInt()).isEqualTo(7);
    }

    @Test
    void aSubscriptionChangeReachesTheWorker() throws Exception {
        events.send(SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_SUBSCRIPTION_CHANGE,
                user,
                user,
                PushSyncWorker.REGISTRATION,
                bytes("{\"reason\":\"gone\",\"oldSubscription\":{\"endpoint\":"
                        + "\"https://push.example/1\",\"keys\":{}},\"newSubscription\":null}")));

        ConsumerRecord<String, CloudEvent> registered =
                syncs.await(record -> record.key().equals(user + "/resubscribe"), WAIT);
        JsonNode payload = JSON.readTree(SwitchboardEvents.data(registered.value()));
        assertThat(payload.get("reason").asText()).isEqualTo("gone");
        assertThat(payload.get("endpoint").asText()).isEqualTo("https://push.example/1");
    }

    private CloudEvent attempt(String attemptId, String payload) {
        CloudEvent event = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.SYNC_ATTEMPT,
                user + "/outbox",
                user,
                PushSyncWorker.REGISTRATION,
                bytes("{\"syncId\":\"s\",\"attemptId\":\"" + attemptId + "\",\"tag\":" + "\"outbox\",\"payload\":"
                        + payload + ",\"attempt\":2,\"lastChance\":false}"));
        return CloudEventBuilder.v1(event)
                .withExtension(EventExtensions.REPLY_TO, "push-" + user)
                .build();
    }

    private JsonNode outcome(String attemptId) throws Exception {
        ConsumerRecord<String, CloudEvent> outcome = outcomes.await(
                record -> record.key().equals("push-" + user)
                        && new String(SwitchboardEvents.data(record.value()), StandardCharsets.UTF_8)
                                .contains(attemptId),
                WAIT);
        assertThat(outcome.value().getType()).isEqualTo(EventTypes.SYNC_OUTCOME);
        return JSON.readTree(SwitchboardEvents.data(outcome.value()));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
