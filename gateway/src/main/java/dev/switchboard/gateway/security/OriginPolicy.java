package dev.switchboard.gateway.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** Decides whether a browser page of a given {@code Origin} may open a connection or post (see config). */
@ApplicationScoped
public class OriginPolicy {

    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(GatewayConfig config) {
        this.allowed = config.security().allowedOrigins().orElse(List.of()).stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT).replaceAll("/+$", ""))
                .toList();
        this.any = allowed.contains("*");
    }

    public boolean allows(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || any) {
            return true;
        }
        String normalised = origin.toLowerCase(Locale.ROOT);
        if (allowed.contains(normalised)) {
            return true;
        }
        return allowed.isEmpty() && sameOrigin(normalised, request.getHeader(HttpHeaders.HOST));
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null || "null".equals(origin)) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host.toLowerCase(Locale.ROOT).equals(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
