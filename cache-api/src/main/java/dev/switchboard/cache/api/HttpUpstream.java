package dev.switchboard.cache.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches from the upstream origin over HTTP with a timeout and a body limit, so one slow or huge upstream
 * response cannot hold a thread or the heap.
 */
public final class HttpUpstream implements Upstream {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBodyBytes;

    public HttpUpstream(Duration timeout, long maxBodyBytes) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public CacheResponse fetch(CacheRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.url())).timeout(timeout).GET();
        request.headers().fields().stream().filter(field -> !RESTRICTED.contains(field.getKey().toLowerCase()))
                .forEach(field -> builder.header(field.getKey(), field.getValue()));
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
                if (bytes.length > maxBodyBytes) {
                    throw new CacheException(CacheException.Kind.QUOTA_EXCEEDED,
                            request.url() + " answered with a body larger than " + maxBodyBytes + " bytes");
                }
                List<Map.Entry<String, String>> headers = new ArrayList<>();
                response.headers().map().forEach((name, values) -> {
                    if (!name.startsWith(":")) {
                        values.forEach(value -> headers.add(Map.entry(name, value)));
                    }
                });
                return new CacheResponse(response.statusCode(), "", Headers.of(headers), bytes, response.uri().toString());
            }
        } catch (IOException e) {
            throw new CacheException(CacheException.Kind.TYPE_ERROR, "fetching " + request.url() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException(CacheException.Kind.TYPE_ERROR, "fetching " + request.url() + " was interrupted", e);
        }
    }
}
