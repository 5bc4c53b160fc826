package dev.switchboard.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.service.ClientSessions;
import dev.switchboard.gateway.transport.http.HttpReplies;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every client route: refuses everything while the node drains (503), a foreign
 * {@code Origin} (403) and a request without an acceptable identity (401), before any upgrade or stream;
 * otherwise records the user for the next handler.
 */
@ApplicationScoped
public class AdmissionHandler implements Handler<RoutingContext> {

    private static final String USER = "switchboard.user";

    private final OriginPolicy origins;
    private final ClientAuthenticator authenticator;
    private final Frames frames;
    private final MeterRegistry meters;
    private final ClientSessions sessions;

    public AdmissionHandler(OriginPolicy origins, ClientAuthenticator authenticator, Frames frames,
            MeterRegistry meters, ClientSessions sessions) {
        this.origins = origins;
        this.authenticator = authenticator;
        this.frames = frames;
        this.meters = meters;
        this.sessions = sessions;
    }

    /** The user the admitted request acts for. */
    public static String user(RoutingContext context) {
        return context.get(USER);
    }

    @Override
    public void handle(RoutingContext context) {
        if (sessions.draining()) {
            refuse(context, ErrorCode.DRAINING, "this node is shutting down, connect to another one");
            return;
        }
        if (!origins.allows(context.request())) {
            refuse(context, ErrorCode.FORBIDDEN_ORIGIN, "origin " + context.request().getHeader("Origin")
                    + " may not connect");
            return;
        }
        authenticator.authenticate(context.request()).subscribe().with(user -> {
            context.put(USER, user);
            context.next();
        }, failure -> refuse(context, ErrorCode.UNAUTHORIZED, failure instanceof AuthenticationFailedException
                ? failure.getMessage() : "the token could not be verified"));
    }

    private void refuse(RoutingContext context, ErrorCode code, String message) {
        meters.counter("switchboard.gateway.refused", "reason", code.wireName()).increment();
        HttpReplies.send(context, frames.error(code, message, null));
    }
}
