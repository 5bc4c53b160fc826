package dev.switchboard.local;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the gateway's JSON frames in tests. */
final class Frames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {}

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not a JSON frame: " + text, e);
        }
    }

    /**
     * The headers that prove, on a later request, to be the anonymous user a welcome frame created (the gateways of
     * these tests run in anonymous mode: each token-less client is a user of its own).
     */
    static Map<String, String> proof(JsonNode welcome) {
        return Map.of("Authorization", "Bearer " + welcome.get("anonymousToken").asText());
    }

    static String type(String text) {
        return parse(text).get("type").asText();
    }

    static String message(Object data) {
        try {
            return JSON.writeValueAsString(
                    JSON.createObjectNode().put("type", "message").set("data", JSON.valueToTree(data)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
