package dev.switchboard.worker.scope;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.NotificationMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;

/**
 * The sending side of {@code registration.showNotification(userId, title, options)}: a
 * {@code dev.switchboard.notification.show} event ({@link NotificationMessages.Show}) keyed by the user, which every
 * gateway node turns into a {@code notification} frame for each connected client of the user it holds.
 */
public class NotificationPublisher {

    private final ObjectMapper json;
    private final URI source;
    private final int maxBytes;

    public NotificationPublisher(ObjectMapper json, URI source, int maxBytes) {
        this.json = json;
        this.source = source;
        this.maxBytes = maxBytes;
    }

    /** The event for {@code showNotification}; throws {@link IllegalArgumentException} for a bad one. */
    public CloudEvent notification(String registrationId, String userId, String title, Map<String, Object> options) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("showNotification needs the user to show it to");
        }
        if (title == null) {
            throw new IllegalArgumentException("showNotification needs a title");
        }
        byte[] bytes;
        try {
            bytes = NotificationMessages.encode(
                    new NotificationMessages.Show(title, json.valueToTree(options == null ? Map.of() : options)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("showNotification needs JSON-serialisable options", e);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("a notification is " + bytes.length + " bytes of JSON; at most "
                    + maxBytes + " are allowed (switchboard.worker.notifications.max-bytes)");
        }
        return SwitchboardEvents.notification(source, userId, registrationId, bytes);
    }
}
