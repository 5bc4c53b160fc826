package dev.switchboard.worker.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
public final class SyncAdapter extends UserEventAdapter {

    public SyncAdapter() {
        super(EventTypes.SYNC_ATTEMPT, "sync");
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        Attempt attempt = new Attempt(seed, event);
        if (!attempt.fields().path("attemptId").isTextual() || !attempt.fields().path("tag").isTextual()) {
            throw new InvalidEventException("sync attempt " + event.getId() + " lacks its attemptId or tag");
        }
        SwitchboardEvents.extension(event, EventExtensions.REPLY_TO)
                .orElseThrow(() -> new InvalidEventException("sync attempt " + event.getId() + " names no replyto"));
        return attempt;
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onSync((SyncEvent) event);
    }

    @Override
    public boolean answersFailures() {
        return true;
    }

    @Override
    public CompletionStage<List<CloudEvent>> outcome(CloudEvent event, EventContext context,
            Optional<Throwable> failure) {
        List<CloudEvent> outgoing = new ArrayList<>(failure.isPresent() ? List.of() : context.posted());
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("attemptId", ((Attempt) context).fields().path("attemptId").asText());
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
        return CompletableFuture.completedFuture(outgoing);
    }

    private static final class Attempt extends UserEvent implements SyncEvent {

        Attempt(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
        }

        @Override
        public String tag() {
            return fields().path("tag").asText();
        }

        @Override
        public JsonNode payload() {
            return fields().path("payload");
        }

        @Override
        public int attempt() {
            return fields().path("attempt").asInt(1);
        }

        @Override
        public boolean lastChance() {
            return fields().path("lastChance").asBoolean(false);
        }
    }
}
