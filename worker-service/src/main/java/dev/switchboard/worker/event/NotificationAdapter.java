package dev.switchboard.worker.event;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.NotificationMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.NotificationEvent;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/**
 * {@code notificationclick} and {@code notificationclose} from a client ({@link NotificationMessages.Interaction}):
 * one adapter per type, the same event shape.
 */
public final class NotificationAdapter extends UserEventAdapter {

    private final boolean click;

    private NotificationAdapter(boolean click) {
        super(
                click ? EventTypes.NOTIFICATION_CLICK : EventTypes.NOTIFICATION_CLOSE,
                click ? "notificationclick" : "notificationclose");
        this.click = click;
    }

    public static NotificationAdapter click() {
        return new NotificationAdapter(true);
    }

    public static NotificationAdapter close() {
        return new NotificationAdapter(false);
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        return new Notification(seed, event);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        if (click) {
            worker.onNotificationClick((NotificationEvent) event);
        } else {
            worker.onNotificationClose((NotificationEvent) event);
        }
    }

    private static final class Notification extends UserEvent implements NotificationEvent {

        private final Client source;
        private final NotificationMessages.Interaction interaction;

        Notification(EventContext.Seed seed, CloudEvent event) {
            super(seed, event);
            this.source = EventClients.byId(SwitchboardEvents.clientId(event), userId(), this);
            this.interaction = NotificationMessages.readInteraction(event);
        }

        @Override
        public Client source() {
            return source;
        }

        @Override
        public String tag() {
            return interaction.tag();
        }

        @Override
        public String action() {
            return interaction.action();
        }

        @Override
        public JsonNode data() {
            return interaction.data();
        }
    }
}
