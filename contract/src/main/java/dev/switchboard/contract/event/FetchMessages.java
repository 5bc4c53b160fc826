package dev.switchboard.contract.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON of {@link EventTypes#FETCH_REQUEST} and {@link EventTypes#FETCH_RESPONSE} data, written and read in one
 * place for the gateway and the worker. A request is
 * {@code {"method","url","headers":[[name,value]...],"bodyBase64","clientId"}}; a response is
 * {@code {"status","statusText","headers":[[name,value]...],"bodyBase64"}}, or {@code {"handled":false}} when the
 * handler did not call {@code respondWith} (the gateway then goes to the network). docs/events.md describes them.
 */
public final class FetchMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the worker's fetch event sees it. */
    public record Request(String method, String url, List<Map.Entry<String, String>> headers, byte[] body,
            String clientId) {
    }

    /** A worker's answer: {@code handled} false means "not handled"; the other fields are then empty. */
    public record Response(boolean handled, int status, String statusText, List<Map.Entry<String, String>> headers,
            byte[] body) {

        public static Response notHandled() {
            return new Response(false, 0, "", List.of(), new byte[0]);
        }
    }

    private FetchMessages() {
    }

    public static byte[] encodeRequest(Request request) {
        ObjectNode node = JSON.createObjectNode().put("method", request.method()).put("url", request.url());
        node.set("headers", headers(request.headers()));
        node.put("bodyBase64", Base64.getEncoder().encodeToString(request.body()));
        node.put("clientId", request.clientId() == null ? "" : request.clientId());
        return write(node);
    }

    public static Request decodeRequest(byte[] data) {
        JsonNode node = read(data);
        return new Request(text(node, "method", true), text(node, "url", true), headers(node),
                body(node), text(node, "clientId", false));
    }

    public static byte[] encodeResponse(Response response) {
        if (!response.handled()) {
            return write(JSON.createObjectNode().put("handled", false));
        }
        ObjectNode node = JSON.createObjectNode().put("status", response.status())
                .put("statusText", response.statusText());
        node.set("headers", headers(response.headers()));
        node.put("bodyBase64", Base64.getEncoder().encodeToString(response.body()));
        return write(node);
    }

    public static Response decodeResponse(byte[] data) {
        JsonNode node = read(data);
        JsonNode handled = node.get("handled");
        if (handled != null && !handled.asBoolean(true)) {
            return Response.notHandled();
        }
        JsonNode status = node.get("status");
        if (status == null || !status.canConvertToInt() || status.asInt() < 200 || status.asInt() > 599) {
            throw new InvalidEventException("a fetch response needs a 'status' from 200 to 599");
        }
        return new Response(true, status.asInt(), text(node, "statusText", false), headers(node), body(node));
    }

    private static ArrayNode headers(List<Map.Entry<String, String>> headers) {
        ArrayNode array = JSON.createArrayNode();
        headers.forEach(header -> array.addArray().add(header.getKey()).add(header.getValue()));
        return array;
    }

    private static List<Map.Entry<String, String>> headers(JsonNode node) {
        JsonNode headers = node.get("headers");
        if (headers == null || headers.isNull()) {
            return List.of();
        }
        if (!headers.isArray()) {
            throw new InvalidEventException("'headers' must be an array of [name, value] pairs");
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (JsonNode pair : headers) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new InvalidEventException("each header must be a [name, value] pair of strings");
            }
            fields.add(Map.entry(pair.get(0).asText(), pair.get(1).asText()));
        }
        return List.copyOf(fields);
    }

    private static byte[] body(JsonNode node) {
        String base64 = text(node, "bodyBase64", false);
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("'bodyBase64' is not base64");
        }
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidEventException("fetch data lacks '" + field + "'");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new InvalidEventException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static JsonNode read(byte[] data) {
        if (data == null) {
            throw new InvalidEventException("fetch event without data");
        }
        try {
            JsonNode node = JSON.readTree(data);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("fetch data must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidEventException("fetch data is not JSON");
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
