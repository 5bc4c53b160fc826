package dev.switchboard.cache.api;

import java.util.Objects;

/**
 * A request as the Cache API sees it: method, URL and headers (a request body is never stored). The URL may be
 * relative; a {@link CacheStorage} resolves it against its origin.
 */
public record CacheRequest(String method, String url, Headers headers) {

    public CacheRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = headers == null ? Headers.empty() : headers;
    }

    /** {@code new Request(url)}: a GET without headers. */
    public static CacheRequest get(String url) {
        return new CacheRequest("GET", url, Headers.empty());
    }

    public static CacheRequest get(String url, Headers headers) {
        return new CacheRequest("GET", url, headers);
    }

    public CacheRequest withMethod(String newMethod) {
        return new CacheRequest(newMethod, url, headers);
    }
}
