package dev.switchboard.worker.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SyncEvent;
import io.cloudevents.CloudEvent;

/**
 * {@code sync}: one attempt of a background sync; the worker answers push-service's node ({@code replyto}) with
 * the attempt's outcome whichever way the handler ended, so that it can retry or dead-letter it.
 */
public final class SyncAdapter implements EventAdapter {

    @Override
    public String eventType() {
        return EventTypes.SYNC_ATTEMPT;
    }

    @Override
    public String kind() {
        return "sync";
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        JsonNode data = UserEventData.of(event, seed.json());
        if (!data.path("attemptId").isTextual() || !data.path("tag").isTextual()) {
            throw new InvalidEventException("sync attempt " + event.getId() + " lacks its attemptId or tag");
        }
        SwitchboardEvents.extension(event, EventExtensions.REPLY_TO)
                .orElseThrow(() -> new InvalidEventException("sync attempt " + event.getId() + " names no replyto"));
        return new Attempt(seed, SwitchboardEvents.userId(event), data);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onSync((SyncEvent) event);
    }

    @Override
    public List<CloudEvent> outcome(CloudEvent event, EventContext context, Optional<Throwable> failure) {
        List<CloudEvent> outgoing = new ArrayList<>(EventAdapter.super.outcome(event, context, failure));
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("attemptId", ((Attempt) context).data.path("attemptId").asText());
        outcome.put("succeeded", failure.isEmpty());
        outcome.put("error", failure.map(Throwable::toString).orElse(null));
        try {
            outgoing.add(SwitchboardEvents.userEvent(context.producer(), EventTypes.SYNC_OUTCOME,
                    SwitchboardEvents.extension(event, EventExtensions.REPLY_TO).orElseThrow(),
                    SwitchboardEvents.userId(event),
                    SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID).orElse(""),
                    context.json().writeValueAsBytes(outcome)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sync outcome could not be written as JSON", e);
        }
        return outgoing;
    }

    private static final class Attempt extends EventContext implements SyncEvent {

        private final String userId;
        private final JsonNode data;

        Attempt(EventContext.Seed seed, String userId, JsonNode data) {
            super(seed);
            this.userId = userId;
            this.data = data;
        }

        @Override
        public String userId() {
            return userId;
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
