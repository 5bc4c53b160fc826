package dev.switchboard.gateway.transport.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.http.HttpReplies;
import dev.switchboard.gateway.limits.MessageRate;
import dev.switchboard.gateway.limits.MessageRates;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.AdmissionHandler;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.ClientDirectory;
import dev.switchboard.gateway.service.ClientSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST <clients-path>/{clientId}/messages}: a message from a client that has no upstream socket (SSE).
 * Any node accepts it, since the client registry says who the client is; no sticky sessions are needed.
 * The body is the same frame a WebSocket client sends; the answer is the same ack (202), nothing (204) when the
 * answer goes down the stream (a channel's {@code subscribed}, after what it recovers), or the problem of the
 * error frame a WebSocket client would get (docs/errors.md). A client acts
 * only as itself: the caller must be the client's user (403 otherwise), and its posts are rate-limited per client
 * (429).
 */
@ApplicationScoped
public class ClientMessageHandler implements Handler<RoutingContext> {

    private final ClientDirectory directory;
    private final ClientSessions sessions;
    private final MessageRates rates;
    private final MeterRegistry meters;

    public ClientMessageHandler(
            ClientDirectory directory, ClientSessions sessions, MessageRates rates, MeterRegistry meters) {
        this.directory = directory;
        this.sessions = sessions;
        this.rates = rates;
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext context) {
        String clientId = context.pathParam("clientId");
        String body = context.body().asString();
        directory.find(clientId).whenComplete((client, failure) -> {
            try {
                answer(context, clientId, body, client, failure);
            } catch (RuntimeException e) {
                Log.errorf(e, "message for client %s could not be handled", clientId);
                HttpReplies.refuse(context, ErrorCode.NOT_ACCEPTED, "the message could not be handled, retry");
            }
        });
    }

    private void answer(RoutingContext context, String clientId, String body, ClientRecord client, Throwable failure) {
        if (failure != null) {
            Log.warnf("client registry lookup for %s failed: %s", clientId, failure.getMessage());
            HttpReplies.refuse(context, ErrorCode.NOT_ACCEPTED, "client registry unavailable, retry");
        } else if (client == null) {
            HttpReplies.refuse(context, ErrorCode.UNKNOWN_CLIENT, "no client '" + clientId + "' is connected");
        } else if (AdmissionHandler.principal(context) == Principal.NOBODY) {
            HttpReplies.refuse(
                    context, ErrorCode.UNAUTHORIZED, "a credential is required to act as client '" + clientId + "'");
        } else if (!AdmissionHandler.principal(context).owns(client.userId())) {
            HttpReplies.refuse(context, ErrorCode.FORBIDDEN, "client '" + clientId + "' is not yours");
        } else if (rates.admitPost(clientId) != MessageRate.Verdict.ACCEPT) {
            meters.counter("switchboard.gateway.messages.rate_limited", "transport", "sse")
                    .increment();
            HttpReplies.refuse(
                    context,
                    ErrorCode.RATE_LIMITED,
                    "client '" + clientId + "' posts more than " + "its rate allows; slow down");
        } else {
            sessions.receive(client, body == null ? "" : body)
                    .subscribe()
                    .with(frame -> HttpReplies.send(context, frame));
        }
    }
}
