package dev.switchboard.contract.event;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The background-sync events and their data, for every side of them: the gateway and worker-service register a
 * sync, push-service attempts it on the worker, the worker answers the attempt's outcome, push-service puts a sync
 * that never succeeded on the dead-letter topic. Shapes (JSON):
 * <pre>
 * registration ({@link EventTypes#SYNC_REGISTER}): the data is the payload itself; user, registration and tag are
 *               attributes, the event's id is the sync's id and its time the registration's
 * attempt ({@link EventTypes#SYNC_ATTEMPT}):  {"syncId","attemptId","tag","payload":&lt;JSON&gt;,"attempt":1,"lastChance":false}
 * outcome ({@link EventTypes#SYNC_OUTCOME}):  {"attemptId","succeeded":true,"error":null}
 * dead letter ({@link EventTypes#SYNC_DEAD}): {"syncId","userId","registration","tag","payload","registeredAtEpochMillis",
 *               "reason","attempts":[{"attempt","atEpochMillis","outcome","error"}]}
 * </pre>
 */
public final class SyncMessages {

    private SyncMessages() {}

    /** A sync as registered ({@link SwitchboardEvents#syncRegistration} makes the event). */
    public record Registration(
            String syncId,
            String userId,
            String registrationId,
            String tag,
            JsonNode payload,
            long registeredAtEpochMillis) {

        public Registration {
            payload = EventData.orNull(payload);
        }

        /** The record key of its tag: the syncs of one tag of one user keep their order. */
        public String key() {
            return SwitchboardEvents.syncKey(userId, tag);
        }
    }

    /** One attempt of a sync, for the worker's {@code sync} handler; {@code attempt} counts from 1. */
    public record Attempt(
            String syncId, String attemptId, String tag, JsonNode payload, int attempt, boolean lastChance) {

        public Attempt {
            if (attemptId == null || attemptId.isEmpty() || !SyncTags.valid(tag) || attempt < 1) {
                throw new InvalidEventException(
                        "a sync attempt needs its attemptId, a valid tag and an attempt from 1");
            }
            payload = EventData.orNull(payload);
        }
    }

    /** The worker's answer to the attempt {@code attemptId}; {@code error} is null when it succeeded. */
    public record Outcome(String attemptId, boolean succeeded, String error) {

        public Outcome {
            if (attemptId == null || attemptId.isEmpty()) {
                throw new InvalidEventException("a sync outcome names its attemptId");
            }
        }
    }

    /** One attempt as it went, in the dead letter (and in push-service's progress record). */
    public record AttemptMade(int attempt, long atEpochMillis, String outcome, String error) {}

    /** A sync that did not succeed: why, and every attempt made. */
    public record DeadLetter(
            String syncId,
            String userId,
            String registration,
            String tag,
            JsonNode payload,
            long registeredAtEpochMillis,
            String reason,
            List<AttemptMade> attempts) {

        public DeadLetter {
            payload = EventData.orNull(payload);
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }

        public static DeadLetter of(Registration sync, String reason, List<AttemptMade> attempts) {
            return new DeadLetter(
                    sync.syncId(),
                    sync.userId(),
                    sync.registrationId(),
                    sync.tag(),
                    sync.payload(),
                    sync.registeredAtEpochMillis(),
                    reason,
                    attempts);
        }
    }

    /**
     * The sync {@code event} registers; throws {@link InvalidEventException} for a record that is not one, or whose
     * payload is larger than {@code maxPayloadBytes} ({@code switchboard.sync.max-payload-bytes}).
     */
    public static Registration readRegistration(CloudEvent event, int maxPayloadBytes) {
        if (event == null || !EventTypes.SYNC_REGISTER.equals(event.getType())) {
            throw new InvalidEventException("not a sync registration");
        }
        String userId = SwitchboardEvents.userId(event);
        String registration = SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID)
                .orElseThrow(() -> new InvalidEventException("sync " + event.getId() + " names no registration"));
        String tag = SwitchboardEvents.extension(event, EventExtensions.SYNC_TAG)
                .orElseThrow(() -> new InvalidEventException("sync " + event.getId() + " names no tag"));
        if (!SyncTags.valid(tag)) {
            throw new InvalidEventException(SyncTags.RULE);
        }
        byte[] payload = SwitchboardEvents.data(event);
        if (payload != null && payload.length > maxPayloadBytes) {
            throw new InvalidEventException("the payload of sync " + event.getId() + " is larger than "
                    + maxPayloadBytes + " bytes (switchboard.sync.max-payload-bytes)");
        }
        long registeredAt = event.getTime() == null
                ? System.currentTimeMillis()
                : event.getTime().toInstant().toEpochMilli();
        return new Registration(
                event.getId(),
                userId,
                registration,
                tag,
                payload == null ? null : EventData.tree(payload, "the payload of sync " + event.getId()),
                registeredAt);
    }

    /** The attempt event for the worker of {@code sync}, answered to the push-service node {@code replyTo}. */
    public static CloudEvent attemptEvent(URI source, String replyTo, Registration sync, Attempt attempt) {
        CloudEvent event = SwitchboardEvents.userEvent(
                source,
                EventTypes.SYNC_ATTEMPT,
                sync.key(),
                sync.userId(),
                sync.registrationId(),
                EventData.write(attempt));
        return CloudEventBuilder.v1(event)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .build();
    }

    /** The attempt {@code event} carries; throws {@link InvalidEventException} when it names no node to answer. */
    public static Attempt readAttempt(CloudEvent event) {
        replyTo(event);
        return EventData.read(event, Attempt.class);
    }

    /** The outcome of the attempt {@code attemptEvent}, for the node that made it (also the record's key). */
    public static CloudEvent outcomeEvent(URI source, CloudEvent attemptEvent, Outcome outcome) {
        return SwitchboardEvents.userEvent(
                source,
                EventTypes.SYNC_OUTCOME,
                replyTo(attemptEvent),
                SwitchboardEvents.userId(attemptEvent),
                SwitchboardEvents.extension(attemptEvent, EventExtensions.REGISTRATION_ID)
                        .orElse(""),
                EventData.write(outcome));
    }

    public static Outcome readOutcome(CloudEvent event) {
        return EventData.read(event, Outcome.class);
    }

    /** The dead letter of {@code letter}'s sync, keyed by its tag like the sync. */
    public static CloudEvent deadLetterEvent(URI source, DeadLetter letter) {
        return SwitchboardEvents.userEvent(
                source,
                EventTypes.SYNC_DEAD,
                SwitchboardEvents.syncKey(letter.userId(), letter.tag()),
                letter.userId(),
                letter.registration(),
                EventData.write(letter));
    }

    public static DeadLetter readDeadLetter(CloudEvent event) {
        return EventData.read(event, DeadLetter.class);
    }

    private static String replyTo(CloudEvent event) {
        return SwitchboardEvents.extension(event, EventExtensions.REPLY_TO)
                .orElseThrow(() -> new InvalidEventException("sync attempt " + event.getId() + " names no replyto"));
    }
}
