package dev.switchboard.gateway.transport.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ClientDirectory;
import dev.switchboard.gateway.service.ClientSessions;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST <clients-path>/{clientId}/messages}: a message from a client that has no upstream socket (SSE).
 * Any node accepts it, since the client registry says who the client is; no sticky sessions are needed.
 * The body is the same frame a WebSocket client sends; the answer is the same ack or error frame.
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
                reply(context, frames.error(ErrorCode.NOT_ACCEPTED, "the message could not be handled, retry", null));
            }
        });
    }

    private void answer(RoutingContext context, String clientId, String body, ClientRecord client, Throwable failure) {
        {
            if (failure != null) {
                Log.warnf("client registry lookup for %s failed: %s", clientId, failure.getMessage());
                reply(context, frames.error(ErrorCode.NOT_ACCEPTED, "client registry unavailable, retry", null));
            } else if (client == null) {
                reply(context, frames.error(ErrorCode.UNKNOWN_CLIENT, "no client '" + clientId + "' is connected", null));
            } else {
                sessions.receive(client, body == null ? "" : body).subscribe().with(frame -> reply(context, frame));
            }
        }
    }

    /** The one way an HTTP answer leaves the gateway: a frame as JSON, its status derived from it. */
    public static void reply(RoutingContext context, ServerFrame frame) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(frame.isError() ? frame.error().httpStatus() : 202)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(frame.json());
    }
}
