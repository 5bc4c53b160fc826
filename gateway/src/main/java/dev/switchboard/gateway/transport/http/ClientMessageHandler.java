package dev.switchboard.gateway.transport.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.service.ClientDirectory;
import dev.switchboard.gateway.security.AdmissionHandler;
import dev.switchboard.gateway.service.ClientSessions;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST <clients-path>/{clientId}/messages}: a message from a client that has no upstream socket (SSE).
 * Any node accepts it, since the client registry says who the client is; no sticky sessions are needed.
 * The body is the same frame a WebSocket client sends; the answer is the same ack or error frame. Only the
 * user the client belongs to may post for it.
 */
@ApplicationScoped
public class ClientMessageHandler implements Handler<RoutingContext> {

    private final ClientDirectory directory;
    private final ClientSessions sessions;
    private final Frames frames;

    public ClientMessageHandler(ClientDirectory directory, ClientSessions sessions, Frames frames) {
        this.directory = directory;
        this.sessions = sessions;
        this.frames = frames;
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
                HttpReplies.send(context, frames.error(ErrorCode.NOT_ACCEPTED, "the message could not be handled, retry", null));
            }
        });
    }

    private void answer(RoutingContext context, String clientId, String body, ClientRecord client, Throwable failure) {
        {
            if (failure != null) {
                Log.warnf("client registry lookup for %s failed: %s", clientId, failure.getMessage());
                HttpReplies.send(context, frames.error(ErrorCode.NOT_ACCEPTED, "client registry unavailable, retry", null));
            } else if (client == null || !client.userId().equals(AdmissionHandler.user(context))) {
                // Another user's client is reported like a missing one: ids are not to be probed.
                HttpReplies.send(context, frames.error(ErrorCode.UNKNOWN_CLIENT, "no client '" + clientId + "' is connected", null));
            } else {
                sessions.receive(client, body == null ? "" : body).subscribe().with(frame -> HttpReplies.send(context, frame));
            }
        }
    }

}
