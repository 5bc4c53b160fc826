package dev.switchboard.worker.event;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.worker.api.PushSubscriptionChangeEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code pushsubscriptionchange}: one of a user's subscriptions expired, was removed or was replaced. */
public final class SubscriptionChangeAdapter extends UserEventAdapter {

    public SubscriptionChangeAdapter() {
        super(EventTypes.PUSH_SUBSCRIPTION_CHANGE, "pushsubscriptionchange");
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Change(seed, event);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onPushSubscriptionChange((PushSubscriptionChangeEvent) event);
    }

    private static final class Change extends UserEvent implements PushSubscriptionChangeEvent {

        Change(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
        }

        @Override
        public String reason() {
            return fields().path("reason").asText();
        }

        @Override
        public JsonNode oldSubscription() {
            return fields().path("oldSubscription");
        }

        @Override
        public Optional<JsonNode> newSubscription() {
            JsonNode replacement = fields().path("newSubscription");
            return replacement.isObject() ? Optional.of(replacement) : Optional.empty();
        }
    }
}
