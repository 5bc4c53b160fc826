package dev.switchboard.worker.service;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.NotificationEvent;
import io.cloudevents.CloudEvent;

/**
 * {@code dev.switchboard.notification.click} / {@code .close} → {@link NotificationEvent} →
 * {@code onNotificationClick} / {@code onNotificationClose}.
 */
final class NotificationEvents {

    private NotificationEvents() {
    }

    static Adapted adapt(CloudEvent event, JsonNode data, EventContext context) {
        Notification notification = new Notification(event, context, data);
        return EventTypes.NOTIFICATION_CLICK.equals(event.getType())
                ? new Adapted(notification, "onNotificationClick", worker -> worker.onNotificationClick(notification))
                : new Adapted(notification, "onNotificationClose", worker -> worker.onNotificationClose(notification));
    }

    private static final class Notification extends ScopedEvent implements NotificationEvent {
        private final JsonNode data;
        private final Client source;

        Notification(CloudEvent event, EventContext context, JsonNode data) {
            super(event, context);
            this.data = data;
            this.source = client(SwitchboardEvents.clientId(event));
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
