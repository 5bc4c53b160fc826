package dev.switchboard.gateway.transport.sse;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.limits.ConnectionLimits;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.service.ClientSessions;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.ResumeDecision;
import dev.switchboard.gateway.service.ResumeHandler;
import dev.switchboard.gateway.transport.OutboundQueue;
import dev.switchboard.gateway.transport.OutboundTotals;
import dev.switchboard.gateway.transport.StalledPeerCloser;
import io.quarkus.logging.Log;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Opens an event stream on {@code GET <sse.path>}; a browser reconnecting with {@code Last-Event-ID} (or
 * {@code ?lastEventId=}) resumes its stream where it left off. Messages go up by POST to the client resource (see
 * {@link dev.switchboard.gateway.transport.http.ClientMessageHandler}), on any node. Each
 * {@code ?subscribe=<channel>[ <position>]} subscribes the stream to a channel once it is open, as a
 * {@code subscribe} frame would: a stream that reconnects names its channels and last positions again.
 */
@ApplicationScoped
public class SseHandler implements Handler<RoutingContext> {

    /** The query parameter naming a channel (and, after a space, the position to recover from) to subscribe to. */
    public static final String SUBSCRIBE_PARAMETER = "subscribe";

    private final ClientSessions sessions;
    private final Frames frames;
    private final GatewayConfig config;
    private final OutboundTotals totals;

    public SseHandler(ClientSessions sessions, Frames frames, GatewayConfig config, OutboundTotals totals) {
        this.sessions = sessions;
        this.frames = frames;
        this.config = config;
        this.totals = totals;
    }

    @Override
    public void handle(RoutingContext context) {
        ResumeDecision decision = ResumeHandler.decision(context);
        ConnectionLimits.Permit permit = ConnectionLimits.permit(context);
        HttpServerResponse response = context.response();
        response.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                // Proxies such as nginx would otherwise hold events back in their buffers.
                .putHeader("X-Accel-Buffering", "no");
        SseConnection connection = new SseConnection(
                decision.clientId(),
                decision.principal(),
                response,
                config.resume().maxEvents(),
                frames.reset("live messages overflowed while replaying"),
                config.resume().duplicateWindow(),
                OutboundQueue.of(config.outbound(), totals),
                StalledPeerCloser.of(context, config.outbound()));
        response.closeHandler(closed -> {
            permit.release();
            sessions.closed(connection);
        });
        // A stream the server ends (close event) is over too, even if the peer keeps the TCP connection.
        response.endHandler(ended -> {
            permit.release();
            sessions.closed(connection);
        });
        response.write("retry: " + config.sse().retry().toMillis() + "\n\n");
        sessions.open(
                        connection,
                        context.request().getParam("url"),
                        context.request().getParam(ResumeHandler.TYPE_PARAMETER),
                        decision)
                .whenComplete((client, failure) -> {
                    if (failure != null) {
                        Log.errorf(
                                "cannot record client %s in the registry, ending its stream: %s",
                                connection.clientId(), failure.getMessage());
                        connection.close(CloseReason.registryFailure(failure));
                        return;
                    }
                    subscribe(connection, client, context.queryParam(SUBSCRIBE_PARAMETER));
                });
    }

    /** The channels named on connect, each as the frame a client would send; refusals go down the stream. */
    private void subscribe(SseConnection connection, ClientRecord client, List<String> requests) {
        for (String request : requests) {
            String[] channelAndPosition = request.trim().split(" ", 2);
            JsonObject frame = new JsonObject().put("type", "subscribe").put("channel", channelAndPosition[0]);
            if (channelAndPosition.length > 1) {
                frame.put("since", channelAndPosition[1].trim());
            }
            sessions.receive(client, frame.encode()).subscribe().with(answer -> {
                if (answer != null) {
                    connection.send(answer);
                }
            });
        }
    }
}
