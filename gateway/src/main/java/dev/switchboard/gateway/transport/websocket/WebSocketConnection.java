package dev.switchboard.gateway.transport.websocket;

import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.Transports;
import dev.switchboard.gateway.transport.ClientConnection;
import dev.switchboard.gateway.transport.CloseReason;
import io.vertx.core.http.ServerWebSocket;

/** A client over WebSocket: every frame is one text message; Vert.x's write queue is the bounded buffer. */
final class WebSocketConnection implements ClientConnection {

    private final String clientId;
    private final ServerWebSocket socket;

    WebSocketConnection(String clientId, ServerWebSocket socket) {
        this.clientId = clientId;
        this.socket = socket;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String transport() {
        return Transports.WEBSOCKET;
    }

    @Override
    public boolean send(ServerFrame frame) {
        if (socket.isClosed()) {
            return false;
        }
        if (socket.writeQueueFull()) {
            close(CloseReason.SLOW_CONSUMER);
            return false;
        }
        socket.writeTextMessage(frame.json());
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        if (!socket.isClosed()) {
            socket.close(reason.code(), reason.text());
        }
    }
}
