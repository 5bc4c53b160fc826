package dev.switchboard.worker.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SyncMessages;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SyncEvent;
import io.cloudevents.CloudEvent;

/**
 * {@code sync}: one attempt of a background sync ({@link SyncMessages.Attempt}); the worker answers push-service's
 * node ({@code replyto}) with the attempt's outcome whichever way the handler ended, so that it can retry or
 * dead-letter it.
 */
public final class SyncAdapter extends UserEventAdapter {

    public SyncAdapter() {
        super(EventTypes.SYNC_ATTEMPT, "sync");
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Attempt(seed, event);
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
    public CompletionStage<List<CloudEvent>> outcome(
            CloudEvent event, EventContext context, Optional<Throwable> failure) {
        List<CloudEvent> outgoing = new ArrayList<>(failure.isPresent() ? List.of() : context.posted());
        SyncMessages.Outcome outcome = new SyncMessages.Outcome(
                ((Attempt) context).attempt.attemptId(),
                failure.isEmpty(),
                failure.map(Throwable::toString).orElse(null));
        outgoing.add(SyncMessages.outcomeEvent(context.producer(), event, outcome));
        return CompletableFuture.completedFuture(outgoing);
    }

    private static final class Attempt extends UserEvent implements SyncEvent {

        private final SyncMessages.Attempt attempt;

        Attempt(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
            this.attempt = SyncMessages.readAttempt(event);
        }

        @Override
        public String tag() {
            return attempt.tag();
        }

        @Override
        public JsonNode payload() {
            return attempt.payload();
        }

        @Override
        public int attempt() {
            return attempt.attempt();
        }

        @Override
        public boolean lastChance() {
            return attempt.lastChance();
        }
    }
}
