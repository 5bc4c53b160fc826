package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame from a client. Only {@code message} exists so far: {@code {"type":"message","data":<any JSON>,
 * "ref":"<optional client-chosen id>"}}; a frame with a {@code ref} is acknowledged. A binary message (a
 * WebSocket binary frame, or {@code "binary":true} with base64 {@code data}) has its bytes in {@code binary}
 * and a null {@code data}.
 */
public record ClientFrame(String type, JsonNode data, String ref, byte[] binary) {

    public static final String MESSAGE = "message";

    public boolean isBinary() {
        return binary != null;
    }
}
