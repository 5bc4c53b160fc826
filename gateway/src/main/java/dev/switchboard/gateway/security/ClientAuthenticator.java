package dev.switchboard.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who is connecting. The JWT may come in the {@code Authorization: Bearer} header, a cookie, or the
 * {@code access_token} query parameter (a browser's EventSource and WebSocket cannot set headers). It is
 * verified by SmallRye JWT with the {@code mp.jwt.verify.*} settings: signature with the configured key (or
 * JWKS), issuer, audience and expiry; unsigned tokens ({@code alg: none}) are never accepted. Every
 * connection of one user is a client of that user.
 */
@ApplicationScoped
public class ClientAuthenticator {

    public static final String ANONYMOUS = "anonymous";
    static final String QUERY_PARAMETER = "access_token";

    private final JWTParser parser;
    private final GatewayConfig config;

    public ClientAuthenticator(JWTParser parser, GatewayConfig config) {
        this.parser = parser;
        this.config = config;
    }

    /** The user id (the token's subject), or a failure with {@link AuthenticationFailedException}. */
    public Uni<String> authenticate(HttpServerRequest request) {
        String token = token(request);
        if (token == null) {
            return config.security().anonymous() ? Uni.createFrom().item(ANONYMOUS)
                    : Uni.createFrom().failure(new AuthenticationFailedException("a token is required"));
        }
        // Verification may fetch a JWKS over the network: never on the event loop.
        return Uni.createFrom().item(() -> verify(token)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private String verify(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                throw new AuthenticationFailedException("the token has no subject");
            }
            return jwt.getSubject();
        } catch (ParseException e) {
            Log.debugf("token refused: %s", e.getMessage());
            throw new AuthenticationFailedException("the token is not valid");
        }
    }

    private String token(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        Cookie cookie = request.getCookie(config.security().tokenCookie());
        if (cookie != null && !cookie.getValue().isBlank()) {
            return cookie.getValue();
        }
        return request.getParam(QUERY_PARAMETER);
    }
}
