package dev.switchboard.cache.rest;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;

/** The JSON shapes of the Cache HTTP API (docs/cache-api.md), and their conversion to and from the Java API. */
public final class CacheJson {

    private CacheJson() {}

    /** A request: {@code method} defaults to GET; {@code url} absolute or relative to the origin. */
    public record RequestJson(String method, String url, Map<String, String> headers) {

        CacheRequest toRequest() {
            if (url == null) {
                throw new BadInputException("request.url is required");
            }
            return new CacheRequest(method == null ? "GET" : method, url, toHeaders(headers));
        }

        static RequestJson of(CacheRequest request) {
            return new RequestJson(request.method(), request.url(), map(request.headers()));
        }
    }

    /** A response; the body is base64 ({@code body}), absent for an empty body. */
    public record ResponseJson(
            int status, String statusText, Map<String, String> headers, String body, String url, String type) {

        CacheResponse toResponse() {
            byte[] bytes;
            try {
                bytes = body == null ? new byte[0] : Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("response.body must be base64: " + e.getMessage());
            }
            return new CacheResponse(status, statusText, toHeaders(headers), bytes, url);
        }

        static ResponseJson of(CacheResponse response) {
            return new ResponseJson(
                    response.status(),
                    response.statusText(),
                    map(response.headers()),
                    Base64.getEncoder().encodeToString(response.body()),
                    response.url(),
                    response.type());
        }
    }

    /** A query: the request (null matches all, where allowed), its options, and for CacheStorage.match a cache name. */
    public record QueryJson(RequestJson request, QueryOptions options, String cacheName) {

        QueryOptions queryOptions() {
            return options == null ? QueryOptions.DEFAULT : options;
        }

        CacheRequest requiredRequest() {
            if (request == null) {
                throw new BadInputException("request is required");
            }
            return request.toRequest();
        }

        CacheRequest optionalRequest() {
            return request == null ? null : request.toRequest();
        }
    }

    public record PutJson(RequestJson request, ResponseJson response) {}

    public record AddAllJson(List<RequestJson> requests) {}

    public record DeletedJson(boolean deleted) {}

    static Headers toHeaders(Map<String, String> headers) {
        if (headers == null) {
            return Headers.empty();
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        headers.forEach((name, value) -> fields.add(Map.entry(name, value == null ? "" : value)));
        return Headers.of(fields);
    }

    static Map<String, String> map(Headers headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.fields().forEach(field -> map.merge(field.getKey(), field.getValue(), (a, b) -> a + ", " + b));
        return map;
    }
}
