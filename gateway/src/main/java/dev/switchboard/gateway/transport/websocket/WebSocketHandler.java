package dev.switchboard.gateway.transport.websocket;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.security.AdmissionHandler;
import dev.switchboard.gateway.security.ResumeHandler;
import dev.switchboard.gateway.service.ClientSessions;
import dev.switchboard.gateway.transport.CloseReason;
import dev.switchboard.gateway.transport.OutboundQueue;
import dev.switchboard.gateway.transport.OutboundTotals;
import dev.switchboard.gateway.transport.StalledPeerCloser;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * Upgrades {@code GET <websocket.path>} to a WebSocket and runs the client's session over it; with
 * {@code ?lastEventId=} the client resumes its stream. The socket is paused until the client is in the
 * registry, so no frame is read for a client the cluster does not know yet.
 */
@ApplicationScoped
public class WebSocketHandler implements Handler<RoutingContext> {


    private final ClientSessions sessions;
    private final Frames frames;
    private final GatewayConfig config;
    private final OutboundTotals totals;

    public WebSocketHandler(ClientSessions sessions, Frames frames, GatewayConfig config, OutboundTotals totals) {
        this.sessions = sessions;
        this.frames = frames;
        this.config = config;
        this.totals = totals;
    }

    @Override
    public void handle(RoutingContext context) {
        String url = context.request().getParam("url");
        String user = AdmissionHandler.user(context);
        ClientSessions.Admission admission = ResumeHandler.admission(context);
        StalledPeerCloser stalled = StalledPeerCloser.of(context, config.outbound());
        context.request().toWebSocket().onSuccess(socket -> accept(socket, user, url, admission, stalled))
                .onFailure(context::fail);
    }

    private void accept(ServerWebSocket socket, String user, String url, ClientSessions.Admission admission,
            StalledPeerCloser stalled) {
        socket.pause();
        WebSocketConnection connection = new WebSocketConnection(admission.clientId(), user, socket,
                config.resume().maxEvents(), frames.reset("live messages overflowed while replaying"),
                config.resume().duplicateWindow(), OutboundQueue.of(config.outbound(), totals),
                stalled);
        socket.closeHandler(closed -> sessions.closed(connection));
        socket.exceptionHandler(failure -> Log.debugf("websocket of client %s failed: %s", connection.clientId(),
                failure.getMessage()));
        sessions.open(connection, url, admission).whenComplete((client, failure) -> {
            if (failure != null) {
                Log.errorf("cannot record client %s in the registry, closing it: %s", connection.clientId(),
                        failure.getMessage());
                connection.close(CloseReason.registryFailure(failure));
                return;
            }
            socket.textMessageHandler(text -> receive(connection, client, text));
            socket.binaryMessageHandler(binary -> receiveBinary(connection, client, binary.getBytes()));
            socket.resume();
        });
    }

    private void receive(WebSocketConnection connection, ClientRecord client, String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > config.websocket().maxMessageBytes()) {
            connection.close(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        sessions.receive(client, text).subscribe().with(connection::send);
    }

    private void receiveBinary(WebSocketConnection connection, ClientRecord client, byte[] binary) {
        if (binary.length > config.websocket().maxMessageBytes()) {
            connection.close(CloseReason.MESSAGE_TOO_BIG);
            return;
        }
        sessions.receiveBinary(client, binary).subscribe().with(connection::send);
    }
}
