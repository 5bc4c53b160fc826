package dev.switchboard.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.http.Refusals;
import dev.switchboard.gateway.node.Draining;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.ClientAuthenticator.Credentials;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every client route: refuses a foreign {@code Origin} (403) and a request without an acceptable
 * credential (401), and, on routes that start something, everything while the node drains (503); otherwise records
 * the principal for the next handler. A connect that created an anonymous user gets its token as an HttpOnly
 * cookie too, so that the browser's own reconnects (EventSource) and page requests (fetch) prove it.
 */
@ApplicationScoped
public class AdmissionHandler {

    private static final String PRINCIPAL = "switchboard.principal";

    private final OriginPolicy origins;
    private final ClientAuthenticator authenticator;
    private final Refusals refusals;
    private final Draining draining;
    private final String tokenCookie;

    public AdmissionHandler(
            OriginPolicy origins,
            ClientAuthenticator authenticator,
            Refusals refusals,
            Draining draining,
            GatewayConfig config) {
        this.origins = origins;
        this.authenticator = authenticator;
        this.refusals = refusals;
        this.draining = draining;
        this.tokenCookie = config.security().tokenCookie();
    }

    /** The principal the admitted request acts for. */
    public static Principal principal(RoutingContext context) {
        return context.get(PRINCIPAL);
    }

    /** The WebSocket and SSE connect routes: tickets accepted, refused while draining. */
    public Handler<RoutingContext> connect() {
        return context -> admit(context, Credentials.CONNECT, true);
    }

    /** {@code POST /clients/{id}/messages}: refused while draining. */
    public Handler<RoutingContext> message() {
        return context -> admit(context, Credentials.REQUEST, true);
    }

    /** The ticket endpoint: a credential is required even in anonymous mode. */
    public Handler<RoutingContext> ticket() {
        return context -> admit(context, Credentials.REQUIRED, true);
    }

    /** Fetch interception: served while draining (a page's requests are not retried elsewhere). */
    public Handler<RoutingContext> fetch() {
        return context -> admit(context, Credentials.FETCH, false);
    }

    private void admit(RoutingContext context, Credentials credentials, boolean refuseWhileDraining) {
        if (refuseWhileDraining && draining.draining()) {
            refuse(context, ErrorCode.DRAINING, "this node is shutting down, connect to another one");
            return;
        }
        if (!origins.allows(context.request())) {
            refuse(
                    context,
                    ErrorCode.FORBIDDEN_ORIGIN,
                    "origin " + context.request().getHeader("Origin") + " may not connect");
            return;
        }
        // Verification may run on a worker thread: routing continues on the request's own context.
        Context caller = Vertx.currentContext();
        authenticator
                .authenticate(context.request(), credentials)
                .emitOn(task -> caller.runOnContext(ignored -> task.run()))
                .subscribe()
                .with(
                        principal -> {
                            context.put(PRINCIPAL, principal);
                            if (principal.issuedToken() != null) {
                                setTokenCookie(context, principal.issuedToken());
                            }
                            context.next();
                        },
                        failure -> {
                            if (failure instanceof AuthenticationFailedException) {
                                refuse(context, ErrorCode.UNAUTHORIZED, failure.getMessage());
                            } else {
                                Log.warnf("credential could not be checked: %s", failure.getMessage());
                                refuse(context, ErrorCode.NOT_ACCEPTED, "the credential could not be checked, retry");
                            }
                        });
    }

    /** As a header, not through the cookie jar: the WebSocket handshake writes the response headers itself. */
    private void setTokenCookie(RoutingContext context, String token) {
        Cookie cookie = Cookie.cookie(tokenCookie, token)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(context.request().isSSL());
        context.response().headers().add(HttpHeaders.SET_COOKIE, cookie.encode());
    }

    private void refuse(RoutingContext context, ErrorCode code, String message) {
        refusals.refuse(context, code, message);
    }
}
