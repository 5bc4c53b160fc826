package dev.switchboard.contract.event;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

/**
 * The data of the fetch events ({@link EventTypes#FETCH_REQUEST}, {@link EventTypes#FETCH_RESPONSE}) and the
 * events themselves. Shapes (JSON):
 * <pre>
 * request:  {"method":"GET","url":"https://shop.example/app/a.css","headers":[["accept","text/css"]],"bodyBase64":"","clientId":"c1"}
 * response: {"status":200,"statusText":"OK","headers":[["content-type","text/css"]],"bodyBase64":"Ym9keQ=="}
 *           {"handled":false}   (no respondWith: the gateway answers from the network)
 * </pre>
 * Headers are name/value pairs in order (a name may repeat). A body larger than
 * {@link EventLimits#inlineBodyMaxBytes()} is not inline: {@code "bodyRef":"<id>"} replaces {@code bodyBase64}
 * and the bytes wait in {@link dev.switchboard.contract.hazelcast.EventBodies}.
 */
public final class FetchMessages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FetchMessages() {}

    public record Header(String name, String value) {}

    /**
     * A request to the gateway, with an absolute URL at the registration's origin; {@code bodyRef} is null when
     * the body is inline, else the id of the stored body (and {@code body} is empty).
     */
    public record Request(
            String method, String url, List<Header> headers, byte[] body, String clientId, String bodyRef) {

        public Request(String method, String url, List<Header> headers, byte[] body, String clientId) {
            this(method, url, headers, body, clientId, null);
        }

        /** The same request with its body stored elsewhere under {@code ref}. */
        public Request withBodyRef(String ref) {
            return new Request(method, url, headers, new byte[0], clientId, ref);
        }

        /** The same request with its body back inline. */
        public Request withBody(byte[] bytes) {
            return new Request(method, url, headers, bytes, clientId, null);
        }
    }

    /**
     * A worker's response; {@code handled} false when it did not call {@code respondWith}; {@code bodyRef} as in
     * {@link Request}.
     */
    public record Response(
            boolean handled, int status, String statusText, List<Header> headers, byte[] body, String bodyRef) {

        public static final Response NOT_HANDLED = new Response(false, 0, "", List.of(), new byte[0], null);

        public static Response of(int status, String statusText, List<Header> headers, byte[] body) {
            return new Response(true, status, statusText, headers, body, null);
        }

        /** The same response with its body stored elsewhere under {@code ref}. */
        public Response withBodyRef(String ref) {
            return new Response(handled, status, statusText, headers, new byte[0], ref);
        }

        /** The same response with its body back inline. */
        public Response withBody(byte[] bytes) {
            return new Response(handled, status, statusText, headers, bytes, null);
        }
    }

    /** A fetch event for the worker version controlling {@code request.clientId()}; key: the client id. */
    public static CloudEvent requestEvent(
            URI source, String registrationId, String workerVersion, String replyTo, Request request) {
        return SwitchboardEvents.base(source, EventTypes.FETCH_REQUEST, request.clientId())
                .withExtension(EventExtensions.REGISTRATION_ID, registrationId)
                .withExtension(EventExtensions.WORKER_VERSION, workerVersion)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .withData(SwitchboardEvents.JSON, encode(request))
                .build();
    }

    /** The answer to the fetch event {@code inReplyTo}, for the gateway node {@code replyTo} (also the key). */
    public static CloudEvent responseEvent(URI source, String replyTo, String inReplyTo, Response response) {
        return SwitchboardEvents.keyed(source, EventTypes.FETCH_RESPONSE, replyTo)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .withExtension(EventExtensions.IN_REPLY_TO, inReplyTo)
                .withData(SwitchboardEvents.JSON, encode(response))
                .build();
    }

    /** The gateway node a fetch request or response is for. */
    public static Optional<String> replyTo(CloudEvent event) {
        return SwitchboardEvents.extension(event, EventExtensions.REPLY_TO);
    }

    public static byte[] encode(Request request) {
        ObjectNode node =
                JSON.createObjectNode().put("method", request.method()).put("url", request.url());
        node.set("headers", headers(request.headers()));
        putBody(node, request.body(), request.bodyRef());
        node.put("clientId", request.clientId());
        return bytes(node);
    }

    public static byte[] encode(Response response) {
        if (!response.handled()) {
            return bytes(JSON.createObjectNode().put("handled", false));
        }
        ObjectNode node =
                JSON.createObjectNode().put("status", response.status()).put("statusText", response.statusText());
        node.set("headers", headers(response.headers()));
        putBody(node, response.body(), response.bodyRef());
        return bytes(node);
    }

    /** Throws {@link InvalidEventException} when {@code json} is not a fetch request. */
    public static Request decodeRequest(byte[] json) {
        JsonNode node = parse(json);
        return new Request(
                text(node, "method"),
                text(node, "url"),
                headers(node),
                body(node),
                node.path("clientId").asText(""),
                bodyRef(node));
    }

    /** Throws {@link InvalidEventException} when {@code json} is not a fetch response. */
    public static Response decodeResponse(byte[] json) {
        JsonNode node = parse(json);
        if (node.has("handled") && !node.get("handled").asBoolean(true)) {
            return Response.NOT_HANDLED;
        }
        JsonNode status = node.get("status");
        if (status == null || !status.canConvertToInt()) {
            throw new InvalidEventException("a fetch response without a numeric 'status'");
        }
        return new Response(
                true, status.asInt(), node.path("statusText").asText(""), headers(node), body(node), bodyRef(node));
    }

    private static ArrayNode headers(List<Header> headers) {
        ArrayNode array = JSON.createArrayNode();
        headers.forEach(header -> array.addArray().add(header.name()).add(header.value()));
        return array;
    }

    private static List<Header> headers(JsonNode node) {
        JsonNode array = node.path("headers");
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidEventException("fetch 'headers' must be an array of [name, value] pairs");
        }
        List<Header> headers = new ArrayList<>(array.size());
        for (JsonNode pair : array) {
            if (!pair.isArray()
                    || pair.size() != 2
                    || !pair.get(0).isTextual()
                    || !pair.get(1).isTextual()) {
                throw new InvalidEventException("fetch 'headers' must be an array of [name, value] pairs");
            }
            headers.add(new Header(pair.get(0).asText(), pair.get(1).asText()));
        }
        return headers;
    }

    private static void putBody(ObjectNode node, byte[] body, String bodyRef) {
        if (bodyRef != null) {
            node.put("bodyRef", bodyRef);
        } else {
            node.put("bodyBase64", Base64.getEncoder().encodeToString(body));
        }
    }

    private static String bodyRef(JsonNode node) {
        JsonNode ref = node.get("bodyRef");
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (!ref.isTextual() || ref.asText().isEmpty()) {
            throw new InvalidEventException("fetch 'bodyRef' must be a non-empty string");
        }
        return ref.asText();
    }

    private static byte[] body(JsonNode node) {
        try {
            return Base64.getDecoder().decode(node.path("bodyBase64").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("fetch 'bodyBase64' is not base64: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidEventException("a fetch request without '" + field + "'");
        }
        return value.asText();
    }

    private static JsonNode parse(byte[] json) {
        if (json == null) {
            throw new InvalidEventException("a fetch event without data");
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("fetch event data must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidEventException("fetch event data is not JSON: " + e.getMessage());
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a fetch message", e);
        }
    }
}
