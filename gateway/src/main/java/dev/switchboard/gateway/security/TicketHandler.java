package dev.switchboard.gateway.security;

import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.gateway.http.Refusals;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.ProtocolException;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST <http.tickets-path>}: an authenticated client (token in the {@code Authorization} header or the
 * cookie) gets a single-use ticket to put in {@code ?ticket=} of {@code /ws} or {@code /sse} within
 * {@code security.ticket-ttl}; the connection it opens acts for the same user, until the same expiry.
 * Answer: 201 {@code {"ticket":"…","expiresIn":<seconds>}}, never cached.
 */
@ApplicationScoped
public class TicketHandler implements Handler<RoutingContext> {

    private final ConnectTickets tickets;
    private final Refusals refusals;
    private final ObjectMapper json;

    public TicketHandler(ConnectTickets tickets, Refusals refusals, ObjectMapper json) {
        this.tickets = tickets;
        this.refusals = refusals;
        this.json = json;
    }

    @Override
    public void handle(RoutingContext context) {
        tickets.issue(AdmissionHandler.principal(context)).whenComplete((ticket, failure) -> {
            if (failure == null) {
                ObjectNode body =
                        json.createObjectNode().put("ticket", ticket).put("expiresIn", tickets.ttlMillis() / 1000);
                context.response()
                        .setStatusCode(201)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(body.toString());
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ProtocolException refused) {
                refusals.refuse(context, refused.code(), refused.getMessage());
            } else {
                Log.warnf("ticket could not be stored: %s", cause.getMessage());
                refusals.refuse(context, ErrorCode.NOT_ACCEPTED, "the ticket could not be issued, retry");
            }
        });
    }
}
