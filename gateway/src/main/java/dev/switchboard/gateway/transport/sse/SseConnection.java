package dev.switchboard.gateway.transport.sse;

import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.Transports;
import dev.switchboard.gateway.transport.AbstractClientConnection;
import dev.switchboard.gateway.transport.CloseReason;
import io.vertx.core.http.HttpServerResponse;

/**
 * A client over Server-Sent Events: each frame is one event whose {@code event:} is the frame type, whose
 * {@code id:} is the event id when there is one, and whose {@code data:} is the frame's JSON (one line).
 */
final class SseConnection extends AbstractClientConnection {

    private final HttpServerResponse response;

    SseConnection(String clientId, String userId, HttpServerResponse response, int maxBuffered,
            ServerFrame overflowReset) {
        super(clientId, userId, maxBuffered, overflowReset);
        this.response = response;
    }

    @Override
    public void heartbeat() {
        if (!response.ended() && !response.closed() && !response.writeQueueFull()) {
            response.write(":\n\n");
        }
    }

    @Override
    public String transport() {
        return Transports.SSE;
    }

    @Override
    public boolean send(ServerFrame frame) {
        if (response.ended() || response.closed()) {
            return false;
        }
        if (response.writeQueueFull()) {
            close(CloseReason.SLOW_CONSUMER);
            return false;
        }
        response.write(event(frame.type(), frame.id(), frame.json()));
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        if (!response.ended() && !response.closed()) {
            countClose(reason);
            response.end(event("close", null, "{\"code\":" + reason.code() + ",\"reason\":\"" + reason.text() + "\"}"));
        }
    }

    static String event(String type, String id, String data) {
        StringBuilder event = new StringBuilder(data.length() + 64).append("event: ").append(type).append('\n');
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        return event.append("data: ").append(data).append("\n\n").toString();
    }
}
