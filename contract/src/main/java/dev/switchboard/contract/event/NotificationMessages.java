package dev.switchboard.contract.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

/**
 * The data of the notification events, for both sides of each: a worker's {@code showNotification}
 * ({@link EventTypes#NOTIFICATION_SHOW}, worker-service writes it, every gateway reads it into a {@code notification}
 * frame) and a client's click or close ({@link EventTypes#NOTIFICATION_CLICK}, {@link EventTypes#NOTIFICATION_CLOSE},
 * the gateway writes it from the client's frame, worker-service reads it). Shapes (JSON):
 * <pre>
 * show:              {"title":"New message","options":{"body":"…","tag":"t1",…}}
 * click and close:   {"tag":"t1","action":"open","data":&lt;the notification's data option&gt;}
 * </pre>
 */
public final class NotificationMessages {

    private NotificationMessages() {}

    /** What {@code showNotification(title, options)} shows; {@code options} is a JSON object, empty by default. */
    public record Show(String title, JsonNode options) {

        public Show {
            if (title == null) {
                throw new InvalidEventException("a notification has a title");
            }
            if (options == null || options.isNull()) {
                options = JsonNodeFactory.instance.objectNode();
            } else if (!options.isObject()) {
                throw new InvalidEventException("a notification's options are a JSON object");
            }
        }
    }

    /** A click or close of a notification: its tag and the action clicked (both may be empty) and its data option. */
    public record Interaction(String tag, String action, JsonNode data) {

        public Interaction {
            tag = tag == null ? "" : tag;
            action = action == null ? "" : action;
            data = EventData.orNull(data);
        }
    }

    public static byte[] encode(Show show) {
        return EventData.write(show);
    }

    /** Throws {@link InvalidEventException} when {@code json} is not a notification. */
    public static Show decodeShow(byte[] json) {
        return EventData.read(json, Show.class, "a notification");
    }

    public static byte[] encode(Interaction interaction) {
        return EventData.write(interaction);
    }

    /** Throws {@link InvalidEventException} when {@code json} is not a click or close. */
    public static Interaction decodeInteraction(byte[] json) {
        return EventData.read(json, Interaction.class, "a notification click or close");
    }

    /** The click or close {@code event} reports. */
    public static Interaction readInteraction(CloudEvent event) {
        return EventData.read(event, Interaction.class);
    }

    /**
     * The click or close a client's frame describes ({@code {"tag","action","data"}}, other fields dropped); throws
     * {@link InvalidEventException} when {@code data} is not an object or its tag or action is not a string.
     */
    public static Interaction interaction(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new InvalidEventException("a notification click or close is {tag, action, data}");
        }
        for (String field : new String[] {"tag", "action"}) {
            JsonNode value = data.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new InvalidEventException("a notification's '" + field + "' is a string");
            }
        }
        return new Interaction(data.path("tag").asText(""), data.path("action").asText(""), data.get("data"));
    }

    /** {@code interaction} as a JSON tree (what the gateway publishes for the client's frame). */
    public static ObjectNode json(Interaction interaction) {
        return (ObjectNode) EventData.tree(interaction);
    }
}
