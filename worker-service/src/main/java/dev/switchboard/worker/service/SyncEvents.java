package dev.switchboard.worker.service;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.SyncEvent;
import io.cloudevents.CloudEvent;

/**
 * {@code dev.switchboard.sync.attempt} → {@link SyncEvent} → {@code onSync}; and the outcome the worker answers
 * push-service with, whichever way the handler ended.
 */
final class SyncEvents {

    private SyncEvents() {
    }

    static Adapted adapt(CloudEvent event, JsonNode data, EventContext context) {
        if (!data.path("attemptId").isTextual() || !data.path("tag").isTextual()) {
            throw new InvalidEventException("sync attempt " + event.getId() + " lacks its attemptId or tag");
        }
        Attempt attempt = new Attempt(event, context, data);
        return new Adapted(attempt, "onSync", worker -> worker.onSync(attempt));
    }

    /**
     * The {@code dev.switchboard.sync.outcome} for push-service node {@code replyto}; {@code error} is null on
     * success.
     */
    static CloudEvent outcome(CloudEvent attempt, JsonNode data, String error, EventContext context) {
        String replyTo = SwitchboardEvents.extension(attempt, EventExtensions.REPLY_TO)
                .orElseThrow(() -> new InvalidEventException("sync attempt " + attempt.getId() + " names no replyto"));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("attemptId", data.path("attemptId").asText());
        outcome.put("succeeded", error == null);
        outcome.put("error", error);
        try {
            return SwitchboardEvents.userEvent(context.source(), EventTypes.SYNC_OUTCOME, replyTo,
                    SwitchboardEvents.userId(attempt), SwitchboardEvents.extension(attempt,
                            EventExtensions.REGISTRATION_ID).orElse(""),
                    context.json().writeValueAsBytes(outcome));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sync outcome could not be written as JSON", e);
        }
    }

    private static final class Attempt extends ScopedEvent implements SyncEvent {
        private final JsonNode data;

        Attempt(CloudEvent event, EventContext context, JsonNode data) {
            super(event, context);
            this.data = data;
        }

        @Override
        public String tag() {
            return data.path("tag").asText();
        }

        @Override
        public JsonNode payload() {
            return data.path("payload");
        }

        @Override
        public int attempt() {
            return data.path("attempt").asInt(1);
        }

        @Override
        public boolean lastChance() {
            return data.path("lastChance").asBoolean(false);
        }
    }
}
