package dev.switchboard.gateway.protocol;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.NotificationMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.contract.settings.SyncLimits;
import io.cloudevents.CloudEvent;

/**
 * Reads client frames and writes server frames. The wire format is the same JSON on every transport: a
 * WebSocket text frame, or the {@code data:} of an SSE event. docs/protocol.md is its specification.
 */
@ApplicationScoped
public class Frames {

    /** A binary frame begins with its JSON header's length in this many bytes (big-endian). */
    public static final int ENVELOPE_LENGTH_BYTES = 2;

    private final ObjectMapper json;
    /** Writes a character outside the BMP as its 4 UTF-8 bytes, as the client sent it, not as escaped surrogates. */
    private final ObjectWriter dataWriter;
    /** {@code switchboard.sync.max-payload-bytes}: what worker-service and push-service accept too. */
    private final int maxSyncPayloadBytes;

    public Frames(ObjectMapper json, SyncLimits sync) {
        this.json = json;
        this.dataWriter = json.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        this.maxSyncPayloadBytes = sync.maxPayloadBytes();
    }

    /**
     * Reads a client's text frame. A refusal names the frame's {@code ref} once that is known to be a string, so
     * the client can tell which of its frames was refused.
     */
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
        JsonNode refNode = node.get("ref");
        if (refNode != null && !refNode.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'ref' must be a string");
        }
        String ref = refNode == null ? null : refNode.asText();
        JsonNode typeName = node.get("type");
        if (typeName == null || !typeName.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a frame needs a string 'type'", ref);
        }
        FrameType type = FrameType.ofClient(typeName.asText())
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + typeName.asText() + "'", ref));
        JsonNode data = node.get("data");
        switch (type) {
            case MESSAGE -> {
                if (data == null) {
                    throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'message' frame needs 'data'", ref);
                }
            }
            case NOTIFICATION_CLICK, NOTIFICATION_CLOSE -> {
                try {
                    // What the worker reads, and only that: the contract's record of a click or close.
                    return new ClientFrame(
                            type, NotificationMessages.json(NotificationMessages.interaction(data)), ref, null);
                } catch (InvalidEventException e) {
                    throw new ProtocolException(
                            ErrorCode.BAD_FRAME,
                            "a '" + type + "' frame needs 'data': {tag, action, "
                                    + "data} of the notification, tag and action strings",
                            ref);
                }
            }
            case SYNC -> {
                JsonNode tag = data == null ? null : data.get("tag");
                if (tag == null
                        || !tag.isTextual()
                        || tag.asText().isEmpty()
                        || tag.asText().length() > ClientFrame.MAX_SYNC_TAG_LENGTH) {
                    throw new ProtocolException(
                            ErrorCode.BAD_FRAME,
                            "a 'sync' frame needs 'data': {tag, payload}, " + "tag a string of 1 to "
                                    + ClientFrame.MAX_SYNC_TAG_LENGTH + " characters",
                            ref);
                }
                int payloadBytes = toBytes(data.get("payload")).length;
                if (payloadBytes > maxSyncPayloadBytes) {
                    // Refused here, not dropped later by push-service: the client learns it at once.
                    throw new ProtocolException(
                            ErrorCode.TOO_LARGE,
                            "the sync payload is " + payloadBytes + " bytes of JSON; at most " + maxSyncPayloadBytes
                                    + " are accepted",
                            ref);
                }
            }
            case REFRESH -> {
                JsonNode token = node.get("token");
                if (token == null || !token.isTextual() || token.asText().isBlank()) {
                    throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'refresh' frame needs a string 'token'", ref);
                }
                return new ClientFrame(FrameType.REFRESH, token, ref, null);
            }
            case SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PRESENCE -> {
                return channelFrame(type, node, ref);
            }
            case PORT_START, PORT_MESSAGE, PORT_CLOSE -> {
                return portFrame(type, node, ref);
            }
            case PORT_OPEN -> {
                return new ClientFrame(type, node, ref, null);
            }
            case WORKER_START, WORKER_POST, WORKER_TERMINATE, WORKER_CLOSE -> {
                return workerFrame(type, node, ref);
            }
            default -> throw new IllegalStateException("a client frame type without its checks: " + type);
        }
        if (type == FrameType.MESSAGE) {
            List<String> ports = ports(node.get("ports"), ref);
            return node.path("binary").asBoolean(false)
                    ? new ClientFrame(type, null, ref, base64(data, ref), ports)
                    : new ClientFrame(type, data, ref, null, ports);
        }
        return new ClientFrame(type, data, ref, null);
    }

    /** A message's {@code ports}: absent, or 1 to {@link ClientFrame#MAX_PORTS_PER_MESSAGE} distinct port ids. */
    private static List<String> ports(JsonNode ports, String ref) {
        if (ports == null || ports.isNull()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        if (ports.isArray()) {
            ports.forEach(port -> ids.add(port.isTextual() ? port.asText() : null));
        }
        if (!ports.isArray()
                || ids.isEmpty()
                || ids.size() > ClientFrame.MAX_PORTS_PER_MESSAGE
                || !ids.stream().allMatch(MessagePorts::isPortId)
                || new HashSet<>(ids).size() != ids.size()) {
            throw new ProtocolException(
                    ErrorCode.BAD_FRAME,
                    "'ports' is a list of 1 to " + ClientFrame.MAX_PORTS_PER_MESSAGE
                            + " distinct port ids this client started",
                    ref);
        }
        return List.copyOf(ids);
    }

    private static ClientFrame portFrame(FrameType type, JsonNode node, String ref) {
        if (!MessagePorts.isPortId(node.path("port").asText(null))) {
            throw new ProtocolException(
                    ErrorCode.BAD_FRAME,
                    "a '" + type + "' frame needs 'port': the id of a port " + "('<22 characters>.1' or '.2')",
                    ref);
        }
        if (type == FrameType.PORT_MESSAGE && node.get("data") == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'port-message' frame needs 'data'", ref);
        }
        if (type == FrameType.PORT_START) {
            requireSince(node, ref);
        }
        return new ClientFrame(type, node, ref, null);
    }

    /** The longest script URL a {@code worker-start} may name. */
    static final int MAX_WORKER_URL_LENGTH = 2048;

    /**
     * A worker frame: a {@code worker} handle (1 to 64 characters) always; a {@code worker-start} also a {@code url}, a
     * {@code kind} ({@code dedicated}, the default, or {@code shared}) and for a shared worker a {@code name} and a
     * {@code sharing} ({@code user}, the default, or {@code origin}); a {@code worker-post} a {@code data}.
     */
    private static ClientFrame workerFrame(FrameType type, JsonNode node, String ref) {
        JsonNode handle = node.get("worker");
        if (handle == null
                || !handle.isTextual()
                || handle.asText().isEmpty()
                || handle.asText().length() > WorkerMessages.MAX_HANDLE_LENGTH) {
            throw new ProtocolException(
                    ErrorCode.BAD_FRAME,
                    "a '" + type + "' frame needs 'worker': the client's handle for it, 1 to "
                            + WorkerMessages.MAX_HANDLE_LENGTH + " characters",
                    ref);
        }
        if (type == FrameType.WORKER_POST && node.get("data") == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'worker-post' frame needs 'data'", ref);
        }
        if (type == FrameType.WORKER_START) {
            JsonNode url = node.get("url");
            if (url == null
                    || !url.isTextual()
                    || url.asText().isEmpty()
                    || url.asText().length() > MAX_WORKER_URL_LENGTH) {
                throw new ProtocolException(
                        ErrorCode.BAD_FRAME,
                        "a 'worker-start' frame needs 'url': the script URL of a published bundle, at most "
                                + MAX_WORKER_URL_LENGTH + " characters",
                        ref);
            }
            String kind = node.path("kind").asText("dedicated");
            String sharing = node.path("sharing").asText("user");
            JsonNode name = node.get("name");
            boolean knownKind = kind.equals("dedicated") || kind.equals("shared");
            boolean knownSharing = sharing.equals("user") || sharing.equals("origin");
            boolean goodName =
                    name == null || (name.isTextual() && name.asText().length() <= WorkerMessages.MAX_NAME_LENGTH);
            if (!knownKind || !knownSharing || !goodName) {
                throw new ProtocolException(
                        ErrorCode.BAD_FRAME,
                        "a 'worker-start' frame's 'kind' is 'dedicated' or 'shared', its 'sharing' 'user' or 'origin',"
                                + " its 'name' a string of at most " + WorkerMessages.MAX_NAME_LENGTH + " characters",
                        ref);
            }
        }
        return new ClientFrame(type, node, ref, null);
    }

    /** A {@code since} is absent, null, or a position. */
    private static void requireSince(JsonNode node, String ref) {
        JsonNode since = node.get("since");
        if (since != null
                && !since.isNull()
                && (!since.isTextual() || ChannelPosition.parse(since.asText()).isEmpty())) {
            throw new ProtocolException(
                    ErrorCode.BAD_FRAME,
                    "'since' is the 'position' of a publication or of " + "'subscribed': '<partition>:<offset>'",
                    ref);
        }
    }

    private static ClientFrame channelFrame(FrameType type, JsonNode node, String ref) {
        if (!node.path("channel").isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a '" + type + "' frame needs a string 'channel'", ref);
        }
        if (type == FrameType.SUBSCRIBE) {
            requireSince(node, ref);
        }
        if (type == FrameType.PUBLISH && node.get("data") == null) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a 'publish' frame needs 'data'", ref);
        }
        JsonNode echo = node.get("echo");
        if (echo != null && !echo.isBoolean()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "'echo' is true or false", ref);
        }
        return new ClientFrame(type, node, ref, null);
    }

    /**
     * Reads a WebSocket binary frame: a 2-byte big-endian header length, that many bytes of a JSON header
     * ({@code {"type":"message","ref":...}}; length 0 means no header), then the payload bytes.
     */
    public ClientFrame parseBinary(byte[] frame) {
        if (frame.length < ENVELOPE_LENGTH_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a binary frame starts with a 2-byte header length");
        }
        int headerLength = ((frame[0] & 0xff) << 8) | (frame[1] & 0xff);
        if (ENVELOPE_LENGTH_BYTES + headerLength > frame.length) {
            throw new ProtocolException(
                    ErrorCode.BAD_FRAME, "the binary frame's header length " + headerLength + " runs past its end");
        }
        String ref = null;
        if (headerLength > 0) {
            JsonNode header;
            try {
                header = json.readTree(frame, ENVELOPE_LENGTH_BYTES, headerLength);
            } catch (IOException e) {
                throw new ProtocolException(ErrorCode.BAD_JSON, "the binary frame's header is not JSON");
            }
            if (header == null
                    || !header.isObject()
                    || !FrameType.MESSAGE.wireName().equals(header.path("type").asText())) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "a binary frame's header is {\"type\":\"message\"}");
            }
            JsonNode refNode = header.get("ref");
            if (refNode != null && !refNode.isTextual()) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, "'ref' must be a string");
            }
            ref = refNode == null ? null : refNode.asText();
        }
        byte[] payload = Arrays.copyOfRange(frame, ENVELOPE_LENGTH_BYTES + headerLength, frame.length);
        return new ClientFrame(FrameType.MESSAGE, null, ref, payload);
    }

    private static byte[] base64(JsonNode data, String ref) {
        if (!data.isTextual()) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a binary message's 'data' is a base64 string", ref);
        }
        try {
            return Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "a binary message's 'data' is not base64", ref);
        }
    }

    /** A client message's payload as it goes to Kafka: JSON bytes, or the binary frame's own bytes. */
    public byte[] payload(ClientFrame frame) {
        return frame.isBinary() ? frame.binary() : toBytes(frame.data());
    }

    public byte[] toBytes(JsonNode data) {
        try {
            return dataWriter.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
    }

    /**
     * First frame on every connection: who the client is and whose (its user: {@code user:<userId>} is its
     * private channel), which node holds it, and whether it continues an earlier connection's stream (a resume);
     * {@code anonymousToken}, when the connection created an anonymous user, is the token that user must present
     * from now on (null otherwise).
     */
    public ServerFrame welcome(String clientId, String userId, String nodeId, boolean resumed, String anonymousToken) {
        ObjectNode frame = start(FrameType.WELCOME)
                .put("clientId", clientId)
                .put("userId", userId)
                .put("node", nodeId)
                .put("resumed", resumed);
        if (anonymousToken != null) {
            frame.put("anonymousToken", anonymousToken);
        }
        return frame(FrameType.WELCOME, frame, null);
    }

    /**
     * The frame of a delivery event: a JSON message, or a binary one when the worker posted bytes, or a dedicated or
     * shared worker's frame.
     * {@code position} is null for a delivery outside the client's stream.
     */
    public ServerFrame delivery(StreamPosition position, CloudEvent event) {
        if (EventTypes.WORKER_FRAMES.containsKey(event.getType())) {
            return worker(position, event);
        }
        String inReplyTo =
                SwitchboardEvents.extension(event, EventExtensions.IN_REPLY_TO).orElse(null);
        byte[] data = SwitchboardEvents.data(event);
        if (SwitchboardEvents.isBinary(event)) {
            return binaryMessage(position, event.getId(), inReplyTo, data == null ? new byte[0] : data);
        }
        return message(
                position,
                event.getId(),
                inReplyTo,
                data,
                SwitchboardEvents.extension(event, EventExtensions.PORTS).orElse(null));
    }

    /**
     * A binary message: over a WebSocket the envelope (2-byte header length, the JSON header, the bytes); over
     * SSE the same header with {@code "binary":true} and the bytes in {@code data} as base64.
     */
    private ServerFrame binaryMessage(StreamPosition position, String eventId, String inReplyTo, byte[] data) {
        String id = position == null ? null : position.toString();
        ObjectNode header = messageHeader(id, eventId, inReplyTo).put("binary", true);
        byte[] headerBytes = toBytes(header);
        byte[] envelope = new byte[ENVELOPE_LENGTH_BYTES + headerBytes.length + data.length];
        envelope[0] = (byte) (headerBytes.length >>> 8);
        envelope[1] = (byte) headerBytes.length;
        System.arraycopy(headerBytes, 0, envelope, ENVELOPE_LENGTH_BYTES, headerBytes.length);
        System.arraycopy(data, 0, envelope, ENVELOPE_LENGTH_BYTES + headerBytes.length, data.length);
        return ServerFrame.binaryMessage(id, write(header.put("data", data)), envelope);
    }

    /**
     * A message from a worker. {@code position} is its place in the client's stream (null for a delivery to
     * the whole user, which is not replayed); {@code eventId} the delivery's CloudEvent id.
     */
    public ServerFrame message(StreamPosition position, String eventId, String inReplyTo, byte[] data) {
        return message(position, eventId, inReplyTo, data, null);
    }

    /** The same, transferring the MessageChannel ports {@code ports} (ids separated by spaces; null: none). */
    private ServerFrame message(StreamPosition position, String eventId, String inReplyTo, byte[] data, String ports) {
        String id = position == null ? null : position.toString();
        ObjectNode frame = messageHeader(id, eventId, inReplyTo);
        frame.set("data", readData(data));
        if (ports != null) {
            ArrayNode ids = frame.putArray("ports");
            for (String port : ports.split(" ")) {
                ids.add(port);
            }
        }
        return frame(FrameType.MESSAGE, frame, id);
    }

    private ObjectNode messageHeader(String id, String eventId, String inReplyTo) {
        ObjectNode frame = start(FrameType.MESSAGE);
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("eventId", eventId);
        if (inReplyTo != null) {
            frame.put("inReplyTo", inReplyTo);
        }
        return frame;
    }

    /**
     * A dedicated or shared worker's delivery ({@link EventTypes#WORKER_FRAMES}): its fields ({@code worker}, and
     * {@code data}, {@code code}/{@code message} or {@code reason}) beside the type, in the client's stream (replayed on
     * resume, so a message is never lost with a connection).
     */
    public ServerFrame worker(StreamPosition position, CloudEvent event) {
        FrameType type = FrameType.ofServer(EventTypes.WORKER_FRAMES.get(event.getType()));
        String id = position == null ? null : position.toString();
        ObjectNode frame = start(type);
        if (id != null) {
            frame.put("id", id);
        }
        frame.put("eventId", event.getId());
        JsonNode fields = readData(SwitchboardEvents.data(event));
        fields.properties().forEach(field -> {
            switch (field.getKey()) {
                case "handle" -> frame.set("worker", field.getValue());
                case "type", "id", "eventId" -> {}
                default -> frame.set(field.getKey(), field.getValue());
            }
        });
        return frame(type, frame, id);
    }

    /**
     * A worker's {@code showNotification} for the user: {@code data} is a {@link NotificationMessages.Show}; not part
     * of the client's stream (like a delivery to the whole user, it is not replayed). Throws
     * {@link InvalidEventException} when it is not one.
     */
    public ServerFrame notification(String eventId, String registration, byte[] data) {
        NotificationMessages.Show notification = NotificationMessages.decodeShow(data);
        ObjectNode frame = start(FrameType.NOTIFICATION).put("eventId", eventId);
        if (registration != null) {
            frame.put("registration", registration);
        }
        frame.put("title", notification.title());
        frame.set("options", notification.options());
        return frame(FrameType.NOTIFICATION, frame, null);
    }

    /**
     * A service-worker lifecycle notice ({@code statechange}, {@code updatefound}, {@code controllerchange}):
     * {@code frameType} is the frame's type and the notice's fields sit beside it. Outside the message stream:
     * not replayed on resume.
     */
    public ServerFrame lifecycle(FrameType frameType, String eventId, byte[] data) {
        ObjectNode frame = start(frameType).put("eventId", eventId);
        JsonNode fields = readData(data);
        if (fields.isObject()) {
            fields.properties().forEach(field -> {
                if (!"type".equals(field.getKey()) && !"eventId".equals(field.getKey())) {
                    frame.set(field.getKey(), field.getValue());
                }
            });
        }
        return frame(frameType, frame, null);
    }

    /**
     * Continuity is lost: the client asked to resume but not everything it missed can be replayed (too old,
     * too many, unknown position). What follows is live; the client should reload its state.
     */
    public ServerFrame reset(String reason) {
        return frame(FrameType.RESET, start(FrameType.RESET).put("reason", reason), null);
    }

    /** {@link #reset} of one channel: its publications could not all be recovered; what follows is live. */
    public ServerFrame reset(String channel, String reason) {
        return frame(
                FrameType.RESET, start(FrameType.RESET).put("channel", channel).put("reason", reason), null);
    }

    /** {@link #reset} of one port: not everything that arrived at it can be recovered; what follows is live. */
    public ServerFrame portReset(String port, String reason) {
        return frame(FrameType.RESET, start(FrameType.RESET).put("port", port).put("reason", reason), null);
    }

    /**
     * A publication to {@code channel}, at {@code position} in it (null in a channel without history), of JSON
     * {@code data}: one frame for every subscriber on the node.
     */
    public ServerFrame publication(String channel, ChannelPosition position, String eventId, byte[] data) {
        return positioned(FrameType.PUBLICATION, "channel", channel, position, eventId, data);
    }

    /** A message that arrived at {@code port} (posted on its other end), at {@code position} in its inbox. */
    public ServerFrame portMessage(String port, ChannelPosition position, String eventId, byte[] data) {
        return positioned(FrameType.PORT_MESSAGE, "port", port, position, eventId, data);
    }

    private ServerFrame positioned(
            FrameType type, String field, String name, ChannelPosition position, String eventId, byte[] data) {
        ObjectNode frame = start(type).put(field, name);
        if (position != null) {
            frame.put("position", position.toString());
        }
        frame.put("eventId", eventId);
        frame.set("data", readData(data));
        return frame(type, frame, null);
    }

    /**
     * A subscribe to {@code channel} is done; {@code position} (null in a channel without history) is where its
     * publications continue: each that follows is after it. {@code recovered}: every publication after the
     * {@code since} asked for follows (false after a {@code reset}, null without a {@code since}).
     */
    public ServerFrame subscribed(String channel, String ref, ChannelPosition position, Boolean recovered) {
        return confirmation(FrameType.SUBSCRIBED, "channel", channel, ref, position, recovered);
    }

    /** A {@code port-start} of {@code port} is done, as {@link #subscribed} is for a channel. */
    public ServerFrame portStarted(String port, String ref, ChannelPosition position, Boolean recovered) {
        return confirmation(FrameType.PORT_STARTED, "port", port, ref, position, recovered);
    }

    /** A new MessageChannel's two ports, both held by the client that opened it. */
    public ServerFrame portOpened(String ref, List<String> ports) {
        ObjectNode frame = start(FrameType.PORT_OPENED);
        if (ref != null) {
            frame.put("ref", ref);
        }
        ArrayNode ids = frame.putArray("ports");
        ports.forEach(ids::add);
        return frame(FrameType.PORT_OPENED, frame, null);
    }

    /** The MessageChannel of {@code port} is closed. */
    public ServerFrame portClosed(String port) {
        return frame(FrameType.PORT_CLOSED, start(FrameType.PORT_CLOSED).put("port", port), null);
    }

    private ServerFrame confirmation(
            FrameType type, String field, String name, String ref, ChannelPosition position, Boolean recovered) {
        ObjectNode frame = start(type).put(field, name);
        if (ref != null) {
            frame.put("ref", ref);
        }
        if (position != null) {
            frame.put("position", position.toString());
        }
        if (recovered != null) {
            frame.put("recovered", recovered);
        }
        return frame(type, frame, null);
    }

    /** {@code clientId} of {@code userId} joined ({@link FrameType#JOIN}) or left ({@link FrameType#LEAVE}) it. */
    public ServerFrame presenceChange(FrameType type, String channel, String clientId, String userId) {
        return frame(
                type,
                start(type).put("channel", channel).put("clientId", clientId).put("userId", userId),
                null);
    }

    /**
     * Who is in the presence of {@code channel}: {@code clientId} → {@code userId} pairs, the oldest first;
     * {@code more} when there are more than listed.
     */
    public ServerFrame presence(String channel, String ref, List<Map.Entry<String, String>> clients, boolean more) {
        ObjectNode frame = start(FrameType.PRESENCE).put("channel", channel);
        if (ref != null) {
            frame.put("ref", ref);
        }
        ArrayNode listed = frame.putArray("clients");
        clients.forEach(
                client -> listed.addObject().put("clientId", client.getKey()).put("userId", client.getValue()));
        frame.put("more", more);
        return frame(FrameType.PRESENCE, frame, null);
    }

    /** The client is no longer subscribed to {@code channel}. */
    public ServerFrame unsubscribed(String channel, String ref) {
        ObjectNode frame = start(FrameType.UNSUBSCRIBED).put("channel", channel);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return frame(FrameType.UNSUBSCRIBED, frame, null);
    }

    /** The client's message is durably in Kafka as event {@code eventId}; {@code ref} is the client's own id. */
    public ServerFrame ack(String ref, String eventId) {
        ObjectNode frame = start(FrameType.ACK).put("eventId", eventId);
        if (ref != null) {
            frame.put("ref", ref);
        }
        return frame(FrameType.ACK, frame, null);
    }

    /**
     * The client's own event could not be handled (docs/protocol.md, {@code event-failed}): {@code data} is the
     * worker's {@code {"eventId","code","message"}}.
     */
    public ServerFrame eventFailed(byte[] data) {
        JsonNode notice = readData(data);
        return error(
                ErrorCode.EVENT_FAILED,
                notice.path("message").asText("the event could not be handled"),
                null,
                notice.path("eventId").asText(""));
    }

    /**
     * The connection's token was replaced by the one of a {@code refresh} frame: it stays open until
     * {@code expiresAt} (epoch seconds; absent when the new credential does not expire).
     */
    public ServerFrame refreshed(String ref, Instant expiresAt) {
        ObjectNode frame = start(FrameType.REFRESHED);
        if (ref != null) {
            frame.put("ref", ref);
        }
        if (expiresAt != null) {
            frame.put("expiresAt", expiresAt.getEpochSecond());
        }
        return frame(FrameType.REFRESHED, frame, null);
    }

    public ServerFrame error(ErrorCode code, String message, String ref) {
        return error(code, message, ref, null);
    }

    private ServerFrame error(ErrorCode code, String message, String ref, String eventId) {
        ObjectNode frame = start(FrameType.ERROR).put("code", code.wireName()).put("message", message);
        if (ref != null) {
            frame.put("ref", ref);
        }
        if (eventId != null) {
            frame.put("eventId", eventId);
        }
        return ServerFrame.error(write(frame), code, message);
    }

    private JsonNode readData(byte[] data) {
        if (data == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("delivery data is not JSON", e);
        }
    }

    private ObjectNode start(FrameType type) {
        return json.createObjectNode().put("type", type.wireName());
    }

    private ServerFrame frame(FrameType type, ObjectNode frame, String id) {
        return new ServerFrame(type, id, write(frame));
    }

    private String write(ObjectNode frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a frame could not be written", e);
        }
    }
}
