package dev.switchboard.gateway.transport.sse;

import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.Transports;
import dev.switchboard.gateway.transport.AbstractClientConnection;
import dev.switchboard.gateway.transport.OutboundQueue;
import dev.switchboard.gateway.transport.StalledPeerCloser;
import io.vertx.core.http.HttpServerResponse;

/**
 * A client over Server-Sent Events: each frame is one event whose {@code event:} is the frame type, whose
 * {@code id:} is the event id when there is one, and whose {@code data:} is the frame's JSON (one line).
 */
final class SseConnection extends AbstractClientConnection {

    private static final String KEEP_ALIVE = ":\n\n";

    private final HttpServerResponse response;
    private final OutboundQueue outbound;
    private final StalledPeerCloser stalled;

    SseConnection(
            String clientId,
            Principal principal,
            HttpServerResponse response,
            int maxBuffered,
            ServerFrame overflowReset,
            int duplicateWindow,
            OutboundQueue outbound,
            StalledPeerCloser stalled) {
        super(clientId, principal, maxBuffered, overflowReset, duplicateWindow);
        this.response = response;
        this.outbound = outbound;
        this.stalled = stalled;
    }

    @Override
    public void heartbeat() {
        write(KEEP_ALIVE);
    }

    @Override
    public String transport() {
        return Transports.SSE;
    }

    @Override
    public boolean send(ServerFrame frame) {
        return write(event(frame.type().wireName(), frame.id(), frame.json()));
    }

    private boolean write(String text) {
        if (response.ended() || response.closed()) {
            return false;
        }
        int size = text.length();
        if (!outbound.offer(size)) {
            close(CloseReason.SLOW_CONSUMER);
            return false;
        }
        response.write(text).onComplete(done -> outbound.release(size));
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        if (!response.ended() && !response.closed()) {
            countClose(reason);
            if (reason == CloseReason.SLOW_CONSUMER) {
                stalled.closeAfterGrace();
            }
            response.end(event("close", null, "{\"code\":" + reason.code() + ",\"reason\":\"" + reason.text() + "\"}"));
        }
    }

    static String event(String type, String id, String data) {
        StringBuilder event = new StringBuilder(data.length() + 64)
                .append("event: ")
                .append(type)
                .append('\n');
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        return event.append("data: ").append(data).append("\n\n").toString();
    }
}
