package dev.switchboard.cache.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.OutboundHeaders;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundRequest;
import dev.switchboard.outbound.OutboundResponse;

/**
 * Fetches from the upstream origin through the service's {@link OutboundHttp}: only where the outbound policy
 * allows (checked on the resolved address, redirects as configured), with a deadline and a body limit, so one slow
 * or huge upstream response cannot hold a thread or the heap. Which of the request's headers travel is the
 * caller's choice: a worker's fetch relays its client's (without Switchboard's credentials), a cache add-all made
 * over the HTTP API on nobody's behalf only the CORS-safelisted ones.
 */
public final class HttpUpstream implements Upstream {

    private final OutboundHttp http;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final UnaryOperator<List<Map.Entry<String, String>>> headers;

    private HttpUpstream(
            OutboundHttp http,
            Duration timeout,
            long maxBodyBytes,
            UnaryOperator<List<Map.Entry<String, String>>> headers) {
        this.http = http;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.headers = headers;
    }

    /** For a client's request (a worker's fetch): its headers minus hop-by-hop and credentials. */
    public static HttpUpstream relaying(OutboundHttp http, Duration timeout, long maxBodyBytes) {
        return relaying(http, OutboundHeaders.relay(), timeout, maxBodyBytes);
    }

    /** {@link #relaying(OutboundHttp, Duration, long)} with the gateway's cookie and header names as configured. */
    public static HttpUpstream relaying(OutboundHttp http, OutboundHeaders rule, Duration timeout, long maxBodyBytes) {
        return new HttpUpstream(http, timeout, maxBodyBytes, rule::relayed);
    }

    /** For a request made on nobody's behalf (cache-service's add/addAll): only the CORS-safelisted headers. */
    public static HttpUpstream safelisted(OutboundHttp http, Duration timeout, long maxBodyBytes) {
        return new HttpUpstream(http, timeout, maxBodyBytes, OutboundHeaders::safelisted);
    }

    @Override
    public CacheResponse fetch(CacheRequest request) {
        OutboundResponse response;
        try {
            response = http.sendAndWait(
                    OutboundRequest.get(
                            request.url(), headers.apply(request.headers().fields())),
                    timeout,
                    maxBodyBytes);
        } catch (OutboundException e) {
            throw new CacheException(
                    e.kind() == OutboundException.Kind.TOO_LARGE
                            ? CacheException.Kind.QUOTA_EXCEEDED
                            : CacheException.Kind.TYPE_ERROR,
                    "fetching " + request.url() + " failed: " + e.getMessage(),
                    e);
        }
        return new CacheResponse(
                response.status(), "", Headers.of(response.headers()), response.body(), response.url());
    }
}
