package dev.switchboard.gateway.protocol;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.SyncTags;

/**
 * A frame from a client: {@code {"type":"message","data":<any JSON>,"ref":"<optional client-chosen id>"}}, or a
 * {@code notificationclick} / {@code notificationclose} (data: {@code {"tag","action","data"}} of the notification)
 * or a {@code sync} (data: {@code {"tag","payload"}}) frame of the same shape; a frame with a {@code ref} is
 * acknowledged. A {@code refresh} frame carries a new token in {@code token} (held here as {@code data}). A binary message (a WebSocket binary frame, or {@code "binary":true} with base64 {@code data})
 * has its bytes in {@code binary} and a null {@code data}. A channel frame ({@code subscribe}, {@code unsubscribe},
 * {@code publish}) keeps its whole object in {@code data}: {@code channel}, {@code since}, {@code data}, {@code echo};
 * so does a port frame ({@code port}, {@code since}, {@code data}). A {@code message} may pass MessageChannel ports
 * to the worker: their ids in {@code ports}.
 */
public record ClientFrame(FrameType type, JsonNode data, String ref, byte[] binary, List<String> ports) {

    /** The longest sync tag a client may register. */
    public static final int MAX_SYNC_TAG_LENGTH = SyncTags.MAX_LENGTH;

    /** The most MessageChannel ports one {@code message} may pass to the worker. */
    public static final int MAX_PORTS_PER_MESSAGE = 8;

    /** A frame that passes no ports. */
    public ClientFrame(FrameType type, JsonNode data, String ref, byte[] binary) {
        this(type, data, ref, binary, List.of());
    }

    /** The refresh frame's token (valid once parsed). */
    public String token() {
        return data.asText();
    }

    /** The sync frame's tag (valid once parsed). */
    public String syncTag() {
        return data.get("tag").asText();
    }

    /** The channel a channel frame names (valid once parsed). */
    public String channel() {
        return data.get("channel").asText();
    }

    /** The port a port frame names (valid once parsed); null for a frame of another kind. */
    public String port() {
        return switch (type) {
            case PORT_START, PORT_MESSAGE, PORT_CLOSE -> data.get("port").asText();
            default -> null;
        };
    }

    /** The handle a worker frame names (valid once parsed). */
    public String worker() {
        return data.get("worker").asText();
    }

    /** The position a {@code subscribe} or {@code port-start} recovers from, if it gave one (valid once parsed). */
    public Optional<ChannelPosition> since() {
        return ChannelPosition.parse(data.path("since").asText(null));
    }

    /** A {@code publish} or {@code port-message} frame's payload. */
    public JsonNode publication() {
        return data.get("data");
    }

    /** Whether a {@code publish}ing client gets its own publication too. */
    public boolean echo() {
        return data.path("echo").asBoolean(false);
    }

    public boolean isBinary() {
        return binary != null;
    }
}
