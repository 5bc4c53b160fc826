package dev.switchboard.gateway.transport.websocket;

import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.Transports;
import dev.switchboard.gateway.transport.AbstractClientConnection;
import dev.switchboard.gateway.transport.CloseReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/** A client over WebSocket: every frame is one text message; Vert.x's write queue is the bounded buffer. */
final class WebSocketConnection extends AbstractClientConnection {

    private static final Buffer PING = Buffer.buffer("sb");

    private final ServerWebSocket socket;
    private volatile boolean awaitingPong;

    WebSocketConnection(String clientId, String userId, ServerWebSocket socket, int maxBuffered,
            ServerFrame overflowReset) {
        super(clientId, userId, maxBuffered, overflowReset);
        this.socket = socket;
        socket.pongHandler(pong -> awaitingPong = false);
    }

    @Override
    public void heartbeat() {
        if (socket.isClosed()) {
            return;
        }
        if (awaitingPong) {
            close(CloseReason.NO_PONG);
            return;
        }
        awaitingPong = true;
        socket.writePing(PING);
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
            countClose(reason);
            socket.close(reason.code(), reason.text());
        }
    }
}
