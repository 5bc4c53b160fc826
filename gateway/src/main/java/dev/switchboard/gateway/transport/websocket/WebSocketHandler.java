package dev.switchboard.gateway.transport.websocket;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.http.Refusals;
import dev.switchboard.gateway.limits.ConnectionLimits;
import dev.switchboard.gateway.limits.MessageRate;
import dev.switchboard.gateway.limits.MessageRates;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ClientSessions;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.ResumeDecision;
import dev.switchboard.gateway.service.ResumeHandler;
import dev.switchboard.gateway.transport.OutboundQueue;
import dev.switchboard.gateway.transport.OutboundTotals;
import dev.switchboard.gateway.transport.StalledPeerCloser;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

/**
 * Upgrades {@code GET <websocket.path>} to a WebSocket and runs the client's session over it; with
 * {@code ?lastEventId=} the client resumes its stream. Frames are validated as RFC 6455 requires
 * ({@link StrictFrames}); messages over the connection's rate are dropped, then the connection closed. The
 * socket is paused until the client is in the registry, so no frame is read for a client the cluster does not
 * know yet.
 */
@ApplicationScoped
public class WebSocketHandler implements Handler<RoutingContext> {

    private final ClientSessions sessions;
    private final Frames frames;
    private final GatewayConfig config;
    private final OutboundTotals totals;
    private final MessageRates rates;
    private final Refusals refusals;
    private final MeterRegistry meters;

    public WebSocketHandler(
            ClientSessions sessions,
            Frames frames,
            GatewayConfig config,
            OutboundTotals totals,
            MessageRates rates,
            Refusals refusals,
            MeterRegistry meters) {
        this.sessions = sessions;
        this.frames = frames;
        this.config = config;
        this.totals = totals;
        this.rates = rates;
        this.refusals = refusals;
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext context) {
        String url = context.request().getParam("url");
        String type = context.request().getParam(ResumeHandler.TYPE_PARAMETER);
        ResumeDecision decision = ResumeHandler.decision(context);
        ConnectionLimits.Permit permit = ConnectionLimits.permit(context);
        StalledPeerCloser stalled = StalledPeerCloser.of(context, config.outbound());
        HttpConnection http = context.request().connection();
        context.request()
                .toWebSocket()
                .onSuccess(socket -> {
                    if (!StrictFrames.install(http, config.websocket(), CloseReason::count)) {
                        Log.error("the WebSocket's frames cannot be validated on this connection, closing it");
                        permit.release();
                        CloseReason.FRAMES_UNCHECKED.count();
                        socket.close(CloseReason.FRAMES_UNCHECKED.code(), CloseReason.FRAMES_UNCHECKED.text());
                        return;
                    }
                    accept(socket, url, type, decision, stalled, permit);
                })
                .onFailure(failure -> {
                    // Never context.fail: the error handler would log the request's URI, query (a ticket) included.
                    permit.release();
                    Log.debugf("WebSocket upgrade failed: %s", failure.getMessage());
                    refusals.refuse(context, ErrorCode.BAD_HANDSHAKE, "the WebSocket upgrade failed");
                });
    }

    private void accept(
            ServerWebSocket socket,
            String url,
            String type,
            ResumeDecision decision,
            StalledPeerCloser stalled,
            ConnectionLimits.Permit permit) {
        socket.pause();
        WebSocketConnection connection = new WebSocketConnection(
                decision.clientId(),
                decision.principal(),
                socket,
                config.resume().maxEvents(),
                frames.reset("live messages overflowed while replaying"),
                config.resume().duplicateWindow(),
                OutboundQueue.of(config.outbound(), totals),
                stalled);
        socket.closeHandler(closed -> {
            permit.release();
            sessions.closed(connection);
        });
        socket.exceptionHandler(failure ->
                Log.debugf("websocket of client %s failed: %s", connection.clientId(), failure.getMessage()));
        MessageRate rate = rates.forConnection();
        sessions.open(connection, url, type, decision).whenComplete((client, failure) -> {
            if (failure != null) {
                Log.errorf(
                        "cannot record client %s in the registry, closing it: %s",
                        connection.clientId(), failure.getMessage());
                connection.close(CloseReason.registryFailure(failure));
                return;
            }
            socket.textMessageHandler(text -> receive(connection, rate, () -> sessions.receive(client, text)));
            socket.binaryMessageHandler(
                    binary -> receive(connection, rate, () -> sessions.receiveBinary(client, binary.getBytes())));
            socket.resume();
        });
    }

    private void receive(WebSocketConnection connection, MessageRate rate, Supplier<Uni<ServerFrame>> handle) {
        connection.received();
        switch (rate.admit(System.nanoTime())) {
            // A null answer went on the connection already (a subscribed, ahead of what it recovers).
            case ACCEPT ->
                handle.get().subscribe().with(frame -> {
                    if (frame != null) {
                        connection.send(frame);
                    }
                });
            case REFUSE_WITH_ERROR -> {
                rateLimited();
                connection.send(frames.error(
                        ErrorCode.RATE_LIMITED,
                        "more than "
                                + config.limits().messagesPerSecond()
                                + " messages per second: messages are dropped until "
                                + "you slow down, and the connection is closed (4029) if you do not",
                        null));
            }
            case REFUSE -> rateLimited();
            case CLOSE -> {
                rateLimited();
                connection.close(CloseReason.RATE_LIMITED);
            }
        }
    }

    private void rateLimited() {
        meters.counter("switchboard.gateway.messages.rate_limited", "transport", "websocket")
                .increment();
    }
}
