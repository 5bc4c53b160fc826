package dev.switchboard.gateway.transport.websocket;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.http.Refusals;
import dev.switchboard.gateway.protocol.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of the WebSocket route: refuses, before anything else, a handshake RFC 6455 section 4.2.1 does not
 * allow — not HTTP/1.1, no {@code Host}, no {@code Upgrade: websocket}, no {@code Connection: Upgrade}, a
 * {@code Sec-WebSocket-Key} that is not 16 bytes in base64 (400 {@code bad-handshake}) — and one without
 * {@code Sec-WebSocket-Version: 13} (426 {@code unsupported-version}, naming version 13 as section 4.4 asks).
 * Netty alone would upgrade several of these (it even falls back to the pre-RFC draft without a version header).
 */
@ApplicationScoped
public class HandshakeCheck implements Handler<RoutingContext> {

    static final String VERSION = "13";
    private static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    private static final int KEY_BYTES = 16;
    /** 16 bytes in base64 with padding. */
    private static final int KEY_LENGTH = 24;

    private final Refusals refusals;

    public HandshakeCheck(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext context) {
        String problem = problem(context.request());
        if (problem != null) {
            refusals.refuse(context, ErrorCode.BAD_HANDSHAKE, problem);
            return;
        }
        List<String> versions = context.request().headers().getAll(SEC_WEBSOCKET_VERSION);
        if (versions.size() != 1 || !VERSION.equals(versions.get(0).trim())) {
            context.response().putHeader(SEC_WEBSOCKET_VERSION, VERSION);
            refusals.refuse(context, ErrorCode.UNSUPPORTED_VERSION, "only WebSocket version 13 (RFC 6455) is served");
            return;
        }
        context.next();
    }

    /** What makes {@code request} not a WebSocket handshake, or null. */
    private static String problem(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1) {
            return "a WebSocket handshake is an HTTP/1.1 request";
        }
        if (request.getHeader(HttpHeaders.HOST) == null) {
            return "a WebSocket handshake needs a Host header";
        }
        if (!hasToken(request, HttpHeaders.UPGRADE.toString(), "websocket")) {
            return "a WebSocket handshake needs 'Upgrade: websocket'";
        }
        if (!hasToken(request, HttpHeaders.CONNECTION.toString(), "upgrade")) {
            return "a WebSocket handshake needs 'Connection: Upgrade'";
        }
        List<String> keys = request.headers().getAll(SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isKey(keys.get(0).trim())) {
            return "Sec-WebSocket-Key must be one base64 value of 16 bytes";
        }
        return null;
    }

    private static boolean hasToken(HttpServerRequest request, String header, String token) {
        for (String value : request.headers().getAll(header)) {
            for (String part : value.split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isKey(String key) {
        try {
            return key.length() == KEY_LENGTH && Base64.getDecoder().decode(key).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
