package dev.switchboard.worker.service;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.worker.api.PushSubscriptionChangeEvent;
import io.cloudevents.CloudEvent;

/** {@code dev.switchboard.push.subscriptionchange} → {@link PushSubscriptionChangeEvent} → {@code onPushSubscriptionChange}. */
final class SubscriptionChangeEvents {

    private SubscriptionChangeEvents() {
    }

    static Adapted adapt(CloudEvent event, JsonNode data, EventContext context) {
        Change change = new Change(event, context, data);
        return new Adapted(change, "onPushSubscriptionChange", worker -> worker.onPushSubscriptionChange(change));
    }

    private static final class Change extends ScopedEvent implements PushSubscriptionChangeEvent {
        private final JsonNode data;

        Change(CloudEvent event, EventContext context, JsonNode data) {
            super(event, context);
            this.data = data;
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
