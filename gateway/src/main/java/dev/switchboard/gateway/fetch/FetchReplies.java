package dev.switchboard.gateway.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.problem.HttpProblems;
import dev.switchboard.contract.problem.ProblemType;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes fetch answers, whichever path produced them, the same way. */
final class FetchReplies {

    /** Response header naming the path that answered: {@code fast-path}, {@code worker} or {@code network}. */
    static final String VIA_HEADER = "Switchboard-Fetch";

    /** Hop-by-hop headers and those the server computes itself: never relayed in either direction. */
    static final Set<String> NOT_RELAYED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length");

    private FetchReplies() {}

    static void write(RoutingContext context, FetchMessages.Response response, String via) {
        HttpServerResponse http = context.response();
        if (http.ended() || http.closed()) {
            return;
        }
        if (response.status() == 0) {
            // Response.error(): the worker answered with a network error (a rejected respondWith).
            error(context, ProblemType.NETWORK_ERROR, "the service worker answered with a network error", via);
            return;
        }
        http.setStatusCode(response.status());
        if (!response.statusText().isEmpty()) {
            http.setStatusMessage(response.statusText());
        }
        for (FetchMessages.Header header : response.headers()) {
            if (!NOT_RELAYED.contains(header.name().toLowerCase(Locale.ROOT))) {
                http.headers().add(header.name(), header.value());
            }
        }
        http.putHeader(VIA_HEADER, via);
        if ("HEAD".equals(context.request().method().name())) {
            http.putHeader("content-length", Integer.toString(response.body().length))
                    .end();
        } else {
            // Wrapped, not copied: a fast-path hit's body is the near cache's own array, written to no one else.
            http.end(Buffer.buffer(Unpooled.wrappedBuffer(response.body())));
        }
    }

    /** What the gateway answers itself, not a worker or the upstream: a problem (docs/errors.md), with the path. */
    static void error(RoutingContext context, ProblemType type, String message, String via) {
        HttpServerResponse http = context.response();
        if (http.ended() || http.closed()) {
            return;
        }
        http.putHeader(VIA_HEADER, via);
        HttpProblems.send(context, type, message);
    }

    static FetchMessages.Response of(CacheResponse response) {
        return FetchMessages.Response.of(
                response.status(),
                response.statusText(),
                headers(response.headers().fields()),
                response.body());
    }

    static List<FetchMessages.Header> headers(List<Map.Entry<String, String>> fields) {
        List<FetchMessages.Header> headers = new ArrayList<>(fields.size());
        fields.forEach(field -> headers.add(new FetchMessages.Header(field.getKey(), field.getValue())));
        return headers;
    }

    /** The request as the Cache API and the strategies see it. */
    static CacheRequest cacheRequest(FetchMessages.Request request) {
        return new CacheRequest(
                request.method(),
                request.url(),
                Headers.of(request.headers().stream()
                        .map(header -> Map.entry(header.name(), header.value()))
                        .toList()));
    }

    static List<FetchMessages.Header> headers(MultiMap map) {
        List<FetchMessages.Header> headers = new ArrayList<>(map.size());
        map.forEach(field -> {
            if (!NOT_RELAYED.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(new FetchMessages.Header(field.getKey(), field.getValue()));
            }
        });
        return headers;
    }
}
