package dev.switchboard.contract.event;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.cloudevents.CloudEvent;

/**
 * The JSON of the typed event payloads ({@link SyncMessages}, {@link PushMessages}, {@link NotificationMessages}):
 * records written by their component names, read back tolerating fields a newer producer added, so that a rolling
 * upgrade does not make the older consumers drop events.
 */
final class EventData {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EventData() {}

    static byte[] write(Object record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + record.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code json} as a {@code type}; throws {@link InvalidEventException} naming {@code what} when it is not one. */
    static <T> T read(byte[] json, Class<T> type, String what) {
        if (json == null) {
            throw new InvalidEventException(what + " without data");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException(what + ": the data is not a JSON object");
            }
            return JSON.treeToValue(node, type);
        } catch (IOException e) {
            // A record's own check (a compact constructor) fails inside Jackson: its message is the reason.
            Throwable reason = e.getCause() instanceof InvalidEventException invalid ? invalid : e;
            throw new InvalidEventException(what + " breaks the contract: " + reason.getMessage());
        }
    }

    /** The data of {@code event} as a {@code type}. */
    static <T> T read(CloudEvent event, Class<T> type) {
        return read(SwitchboardEvents.data(event), type, "event " + event.getId() + " of type " + event.getType());
    }

    /** A JSON value that may be absent: absent is JSON {@code null}. */
    static JsonNode orNull(JsonNode value) {
        return value == null ? NullNode.getInstance() : value;
    }

    /** {@code json} as a JSON tree (any JSON value). */
    static JsonNode tree(byte[] json, String what) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException(what + " is not JSON: " + e.getMessage());
        }
    }

    /** {@code value} as a JSON tree. */
    static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }
}
