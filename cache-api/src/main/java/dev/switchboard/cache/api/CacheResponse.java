package dev.switchboard.cache.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response as the Cache API stores it. {@code url} is the response's own URL (empty for a constructed
 * response), which is not what a cache matches on. Status 0 is a network error ({@code Response.error()}).
 */
public record CacheResponse(int status, String statusText, Headers headers, byte[] body, String url) {

    public CacheResponse {
        statusText = statusText == null ? "" : statusText;
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? new byte[0] : body;
        url = url == null ? "" : url;
    }

    /** {@code new Response(text)}: 200 with the given body. */
    public static CacheResponse ok(String text) {
        return new CacheResponse(200, "", Headers.empty(), text.getBytes(StandardCharsets.UTF_8), "");
    }

    public static CacheResponse of(int status, String text, Headers headers) {
        return new CacheResponse(status, "", headers, text.getBytes(StandardCharsets.UTF_8), "");
    }

    /** {@code Response.error()}. */
    public static CacheResponse error() {
        return new CacheResponse(0, "", Headers.empty(), new byte[0], "");
    }

    /** {@code response.type}: {@code error} for a network error, {@code default} otherwise. */
    public String type() {
        return status == 0 ? "error" : "default";
    }

    /** {@code response.ok}: a 2xx status. */
    public boolean ok() {
        return status >= 200 && status <= 299;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheResponse that
                && status == that.status
                && statusText.equals(that.statusText)
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body)
                && url.equals(that.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, statusText, headers, Arrays.hashCode(body), url);
    }

    @Override
    public String toString() {
        return "CacheResponse[" + status + " " + statusText + ", " + headers + ", " + body.length + " bytes, url=" + url
                + "]";
    }
}
