package dev.switchboard.gateway.transport.websocket;

import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.Transports;
import dev.switchboard.gateway.transport.AbstractClientConnection;
import dev.switchboard.gateway.transport.OutboundQueue;
import dev.switchboard.gateway.transport.StalledPeerCloser;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A client over WebSocket: every frame is one text message, a binary message one binary message. What waits
 * to be written is bounded by the connection's {@link OutboundQueue}.
 */
final class WebSocketConnection extends AbstractClientConnection {

    private static final Buffer PING = Buffer.buffer("sb");

    private final ServerWebSocket socket;
    private final OutboundQueue outbound;
    private final StalledPeerCloser stalled;
    private volatile boolean awaitingPong;

    WebSocketConnection(
            String clientId,
            Principal principal,
            ServerWebSocket socket,
            int maxBuffered,
            ServerFrame overflowReset,
            int duplicateWindow,
            OutboundQueue outbound,
            StalledPeerCloser stalled) {
        super(clientId, principal, maxBuffered, overflowReset, duplicateWindow);
        this.socket = socket;
        this.outbound = outbound;
        this.stalled = stalled;
        socket.pongHandler(pong -> awaitingPong = false);
    }

    /**
     * A frame came from the client: it is alive, whatever became of the last ping. Its pong may be queued behind
     * messages this node has not read yet (a busy node reads a flooding client slowly), and a peer that is being
     * read is not dead.
     */
    void received() {
        awaitingPong = false;
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
        int size = frame.wireSize();
        if (!outbound.offer(size)) {
            close(CloseReason.SLOW_CONSUMER);
            return false;
        }
        Future<Void> written = frame.binary() != null
                ? socket.writeBinaryMessage(Buffer.buffer(frame.binary()))
                : socket.writeTextMessage(frame.json());
        written.onComplete(done -> outbound.release(size));
        return true;
    }

    @Override
    public void close(CloseReason reason) {
        if (!socket.isClosed()) {
            Log.debugf("closing the WebSocket of client %s: %d %s", clientId(), reason.code(), reason.text());
            countClose(reason);
            socket.close(reason.code(), reason.text());
            if (reason == CloseReason.SLOW_CONSUMER) {
                stalled.closeAfterGrace();
            }
        }
    }
}
