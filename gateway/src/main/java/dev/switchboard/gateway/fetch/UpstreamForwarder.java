package dev.switchboard.gateway.fetch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.outbound.OutboundHeaders;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundRequest;
import io.vertx.core.Future;

/**
 * Requests the gateway does not intercept go to their upstream origin (any method, body included) through the
 * outbound policy ({@code switchboard.outbound.*}: the address checked after resolution, redirects only as
 * configured), without blocking an event loop. The client's own headers travel without the hop-by-hop ones and
 * without the gateway's credentials (its token and client cookies, its client header, {@code Authorization}); the
 * answer is bounded ({@code fetch.max-response-bytes}) and timed ({@code fetch.upstream-timeout}).
 */
@ApplicationScoped
public class UpstreamForwarder {

    private final OutboundHttp http;
    private final OutboundHeaders relay;
    private final long maxResponseBytes;
    private final Duration timeout;

    public UpstreamForwarder(OutboundHttp http, GatewayConfig config) {
        this.http = http;
        this.relay = relayRule(config);
        this.timeout = config.fetch().upstreamTimeout();
        this.maxResponseBytes = config.fetch().maxResponseBytes();
    }

    /** What of a client's request reaches an upstream: its headers minus the gateway's own, as configured. */
    static OutboundHeaders relayRule(GatewayConfig config) {
        return OutboundHeaders.relay(
                Set.of(config.security().tokenCookie(), config.fetch().clientCookie()),
                Set.of(config.fetch().clientHeader()));
    }

    /** {@code method url} with {@code headers} (relayable ones only) and {@code body}, from the upstream. */
    public Future<FetchMessages.Response> forward(
            String method, String url, Iterable<FetchMessages.Header> headers, byte[] body) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        headers.forEach(header -> fields.add(Map.entry(header.name(), header.value())));
        return http.send(new OutboundRequest(method, url, relay.relayed(fields), body), timeout, maxResponseBytes)
                .map(response -> FetchMessages.Response.of(
                        response.status(),
                        response.statusText(),
                        FetchReplies.headers(response.headers()),
                        response.body()));
    }
}
