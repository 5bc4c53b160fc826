package dev.switchboard.worker.service;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.NotificationEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/**
 * {@code notificationclick} and {@code notificationclose} from a client ({@code {"tag","action","data"}} of the
 * notification): one adapter per type, the same event shape.
 */
public final class NotificationAdapter implements EventAdapter {

    private final boolean click;

    private NotificationAdapter(boolean click) {
        this.click = click;
    }

    public static NotificationAdapter click() {
        return new NotificationAdapter(true);
    }

    public static NotificationAdapter close() {
        return new NotificationAdapter(false);
    }

    @Override
    public String eventType() {
        return click ? EventTypes.NOTIFICATION_CLICK : EventTypes.NOTIFICATION_CLOSE;
    }

    @Override
    public String kind() {
        return click ? "notificationclick" : "notificationclose";
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Notification(seed, SwitchboardEvents.userId(event), SwitchboardEvents.clientId(event),
                UserEventData.of(event, seed.json()));
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        if (click) {
            worker.onNotificationClick((NotificationEvent) event);
        } else {
            worker.onNotificationClose((NotificationEvent) event);
        }
    }

    private static final class Notification extends EventContext implements NotificationEvent {

        private final String userId;
        private final Client source;
        private final JsonNode data;

        Notification(EventContext.Seed seed, String userId, String clientId, JsonNode data) {
            super(seed);
            this.userId = userId;
            this.source = ScopeClients.byId(clientId, this);
            this.data = data;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public Client source() {
            return source;
        }

        @Override
        public String tag() {
            return data.path("tag").asText("");
        }

        @Override
        public String action() {
            return data.path("action").asText("");
        }

        @Override
        public JsonNode data() {
            return data.path("data");
        }
    }
}
