package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/** Every sync event as its producer writes it and its consumer reads it back. */
class SyncMessagesTest {

    private static final URI PUSH = URI.create("/switchboard/push-service/p1");
    private static final URI WORKER = URI.create("/switchboard/worker-service/w1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRegistrationIsReadFromItsAttributesAndPayloadWithinTheLimit() throws Exception {
        CloudEvent event = SwitchboardEvents.syncRegistration(WORKER, "u1", "shop", "outbox", bytes("{\"items\":2}"));
        SyncMessages.Registration sync = SyncMessages.readRegistration(event, 16_384);
        assertThat(sync)
                .isEqualTo(new SyncMessages.Registration(
                        event.getId(),
                        "u1",
                        "shop",
                        "outbox",
                        JSON.readTree("{\"items\":2}"),
                        event.getTime().toInstant().toEpochMilli()));
        assertThat(sync.key()).isEqualTo(SwitchboardEvents.key(event)).isEqualTo("u1/outbox");

        assertThatThrownBy(() -> SyncMessages.readRegistration(event, 5))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("switchboard.sync.max-payload-bytes");
        CloudEvent badTag = CloudEventBuilder.v1(event)
                .withExtension(EventExtensions.SYNC_TAG, "")
                .build();
        assertThatThrownBy(() -> SyncMessages.readRegistration(badTag, 16_384)).hasMessage(SyncTags.RULE);
    }

    @Test
    void anAttemptAndItsOutcomeSurviveTheRoundTripAndTheOutcomeGoesToTheNodeThatAsked() throws Exception {
        SyncMessages.Registration sync = SyncMessages.readRegistration(
                SwitchboardEvents.syncRegistration(WORKER, "u1", "shop", "outbox", bytes("[1]")), 16_384);
        SyncMessages.Attempt attempt =
                new SyncMessages.Attempt(sync.syncId(), sync.syncId() + "#2", "outbox", sync.payload(), 2, true);
        CloudEvent attemptEvent = SyncMessages.attemptEvent(PUSH, "p1", sync, attempt);
        assertThat(attemptEvent.getType()).isEqualTo(EventTypes.SYNC_ATTEMPT);
        assertThat(SwitchboardEvents.key(attemptEvent)).isEqualTo("u1/outbox");
        assertThat(SyncMessages.readAttempt(attemptEvent)).isEqualTo(attempt);

        SyncMessages.Outcome failed = new SyncMessages.Outcome(attempt.attemptId(), false, "upstream said no");
        CloudEvent outcomeEvent = SyncMessages.outcomeEvent(WORKER, attemptEvent, failed);
        assertThat(outcomeEvent.getType()).isEqualTo(EventTypes.SYNC_OUTCOME);
        assertThat(SwitchboardEvents.key(outcomeEvent)).isEqualTo("p1");
        assertThat(SwitchboardEvents.userId(outcomeEvent)).isEqualTo("u1");
        assertThat(SyncMessages.readOutcome(outcomeEvent)).isEqualTo(failed);
        assertThat(JSON.readTree(SwitchboardEvents.data(SyncMessages.outcomeEvent(
                                WORKER, attemptEvent, new SyncMessages.Outcome("a", true, null))))
                        .get("error")
                        .isNull())
                .as("written as null")
                .isTrue();
    }

    @Test
    void aDeadLetterSurvivesTheRoundTripWithEveryAttempt() {
        SyncMessages.Registration sync = SyncMessages.readRegistration(
                SwitchboardEvents.syncRegistration(WORKER, "u1", "shop", "doomed", bytes("\"p\"")), 16_384);
        SyncMessages.DeadLetter letter = SyncMessages.DeadLetter.of(
                sync,
                "every attempt failed",
                List.of(
                        new SyncMessages.AttemptMade(1, 10, "failed", "no"),
                        new SyncMessages.AttemptMade(2, 20, "timeout", "no outcome within PT2M")));
        CloudEvent event = SyncMessages.deadLetterEvent(PUSH, letter);
        assertThat(event.getType()).isEqualTo(EventTypes.SYNC_DEAD);
        assertThat(SwitchboardEvents.key(event)).isEqualTo("u1/doomed");
        assertThat(SyncMessages.readDeadLetter(event)).isEqualTo(letter);
    }

    @Test
    void anAttemptThatBreaksTheContractIsRefusedWithTheReason() {
        CloudEvent noReplyTo = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.SYNC_ATTEMPT,
                "u1/t",
                "u1",
                "shop",
                bytes("{\"syncId\":\"s\",\"attemptId\":\"s#1\",\"tag\":\"t\",\"attempt\":1}"));
        assertThatThrownBy(() -> SyncMessages.readAttempt(noReplyTo))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("replyto");
        CloudEvent noAttemptId = CloudEventBuilder.v1(SwitchboardEvents.userEvent(
                        PUSH, EventTypes.SYNC_ATTEMPT, "u1/t", "u1", "shop", bytes("{\"tag\":\"t\",\"attempt\":1}")))
                .withExtension(EventExtensions.REPLY_TO, "p1")
                .build();
        assertThatThrownBy(() -> SyncMessages.readAttempt(noAttemptId))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("attemptId");
        CloudEvent notAnObject = CloudEventBuilder.v1(noAttemptId)
                .withData(SwitchboardEvents.JSON, bytes("[1]"))
                .build();
        assertThatThrownBy(() -> SyncMessages.readAttempt(notAnObject)).isInstanceOf(InvalidEventException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
