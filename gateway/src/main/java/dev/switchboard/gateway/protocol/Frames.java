package dev.switchboard.gateway.protocol;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads client frames and writes server frames. The wire format is the same JSON on every transport: a
 * WebSocket text frame, or the {@code data:} of an SSE event. docs/protocol.md is its specification.
 */
@ApplicationScoped
public class Frames {

    private final ObjectMapper json;

    public Frames(ObjectMapper json) {
        this.json = json;
    }

    public ClientFrame parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame is a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame needs a string 'type'");
        }
        JsonNode ref = node.get("ref");
        if (ref != null && !ref.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'ref' must be a string");
        }
        if (!ClientFrame.MESSAGE.equals(type.asText())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + type.asText() + "'");
        }
        JsonNode data = node.get("data");
        if (data == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'message' frame needs 'data'");
        }
        return new ClientFrame(type.asText(), data, ref == null ? null : ref.asText());
    }

    public byte[] toBytes(JsonNode data) {
        try {
            return json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    /**
     * First frame on every connection: who the client is, which node holds it, and whether it continues an
     * earlier connection's stream (a resume).
     */
    public ServerFrame welcome(String clientId, String nodeId, boolean resumed) {
        return frame(json.createObjectNode().put("type", "welcome").put("clientId", clientId).put("node", nodeId)
                .put("resumed", resumed), null);
    }

    /**
     * A message from a worker. {@code position} is its place in the client's stream (null for a delivery to
     * the whole user, which is not replayed); {@code eventId} the delivery's CloudEvent id.
     */
    public ServerFrame message(StreamPosition position, String eventId, String inReplyTo, byte[] data) {
        String id = position == null ? null : position.toString();
        ObjectNode frame = json.createObjectNode().put("type", "message");
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("eventId", eventId);
        if (inReplyTo != null) {
            frame.put("inReplyTo", inReplyTo);
        }
        frame.set("data", readData(data));
        return frame(frame, id);
    }

    /**
     * A service-worker lifecycle notice ({@code statechange}, {@code updatefound}, {@code controllerchange}):
     * {@code frameType} is the frame's type and the notice's fields sit beside it. Outside the message stream:
     * not replayed on resume.
     */
    public ServerFrame lifecycle(String frameType, String eventId, byte[] data) {
        ObjectNode frame = json.createObjectNode().put("type", frameType).put("eventId", eventId);
        JsonNode fields = readData(data);
        if (fields.isObject()) {
            fields.properties().forEach(field -> {
                if (!"type".equals(field.getKey()) && !"eventId".equals(field.getKey())) {
                    frame.set(field.getKey(), field.getValue());
                }
            });
        }
        return frame(frame, null);
    }

    /**
     * Continuity is lost: the client asked to resume but not everything it missed can be replayed (too old,
     * too many, unknown position). What follows is live; the client should reload its state.
     */
    public ServerFrame reset(String reason) {
        return frame(json.createObjectNode().put("type", "reset").put("reason", reason), null);
    }

    /** The client's message is durably in Kafka as event {@code eventId}; {@code ref} is the client's own id. */
    public ServerFrame ack(String ref, String eventId) {
        ObjectNode frame = json.createObjectNode().put("type", "ack").put("eventId", eventId);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return frame(frame, null);
    }

    public ServerFrame error(ErrorCode code, String message, String ref) {
        ObjectNode frame = json.createObjectNode().put("type", "error").put("code", code.wireName())
                .put("message", message);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return new ServerFrame("error", null, write(frame), code);
    }

    private JsonNode readData(byte[] data) {
        if (data == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(data);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("delivery data is not JSON", e);
        }
    }

    private ServerFrame frame(ObjectNode frame, String id) {
        return new ServerFrame(frame.get("type").asText(), id, write(frame), null);
    }

    private String write(ObjectNode frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a frame could not be written", e);
        }
    }
}
