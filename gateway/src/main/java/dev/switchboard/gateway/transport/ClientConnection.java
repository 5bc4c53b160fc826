package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.ServerFrame;

/** One client's live connection on this node, whatever its transport; a transport decides how frames travel. */
public interface ClientConnection {

    String clientId();

    /** {@code websocket} or {@code sse}, as recorded in the client registry. */
    String transport();

    /**
     * Queues a frame for the client. Returns false, after closing the connection, when the client already has
     * more than the configured bytes waiting: a slow client is dropped instead of buffered without limit.
     */
    boolean send(ServerFrame frame);

    /** Ends the connection from the server side with a close code from docs/protocol.md. */
    void close(CloseReason reason);
}
