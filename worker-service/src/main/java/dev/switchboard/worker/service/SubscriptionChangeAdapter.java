package dev.switchboard.worker.service;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.PushSubscriptionChangeEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code pushsubscriptionchange}: one of a user's subscriptions expired, was removed or was replaced. */
public final class SubscriptionChangeAdapter implements EventAdapter {

    @Override
    public String eventType() {
        return EventTypes.PUSH_SUBSCRIPTION_CHANGE;
    }

    @Override
    public String kind() {
        return "pushsubscriptionchange";
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Change(seed, SwitchboardEvents.userId(event), UserEventData.of(event, seed.json()));
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onPushSubscriptionChange((PushSubscriptionChangeEvent) event);
    }

    private static final class Change extends EventContext implements PushSubscriptionChangeEvent {

        private final String userId;
        private final JsonNode data;

        Change(EventContext.Seed seed, String userId, JsonNode data) {
            super(seed);
            this.userId = userId;
            this.data = data;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public String reason() {
            return data.path("reason").asText();
        }

        @Override
        public JsonNode oldSubscription() {
            return data.path("oldSubscription");
        }

        @Override
        public Optional<JsonNode> newSubscription() {
            JsonNode replacement = data.path("newSubscription");
            return replacement.isObject() ? Optional.of(replacement) : Optional.empty();
        }
    }
}
