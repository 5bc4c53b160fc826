package dev.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the gateway's JSON frames in tests. */
final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not a JSON frame: " + text, e);
        }
    }

    static String type(String text) {
        return parse(text).get("type").asText();
    }

    static String message(Object data) {
        try {
            return JSON.writeValueAsString(JSON.createObjectNode().put("type", "message")
                    .set("data", JSON.valueToTree(data)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
