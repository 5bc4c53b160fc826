package dev.switchboard.gateway.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame from a client. Only {@code message} exists so far: {@code {"type":"message","data":<any JSON>,
 * "ref":"<optional client-chosen id>"}}; a frame with a {@code ref} is acknowledged.
 */
public record ClientFrame(String type, JsonNode data, String ref) {

    public static final String MESSAGE = "message";
}
