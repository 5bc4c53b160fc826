package dev.switchboard.worker.event;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.PushMessages;
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

        private final PushMessages.SubscriptionChange change;

        Change(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
            this.change = PushMessages.readSubscriptionChange(event);
        }

        @Override
        public String reason() {
            return change.reason();
        }

        @Override
        public JsonNode oldSubscription() {
            return change.oldSubscription().json();
        }

        @Override
        public Optional<JsonNode> newSubscription() {
            return Optional.ofNullable(change.newSubscription()).map(PushMessages.Subscription::json);
        }
    }
}
