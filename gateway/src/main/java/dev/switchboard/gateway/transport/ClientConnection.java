package dev.switchboard.gateway.transport;

import dev.switchboard.gateway.protocol.ServerFrame;

/** One client's live connection on this node, whatever its transport; a transport decides how frames travel. */
public interface ClientConnection {

    String clientId();

    /** The user the client belongs to ({@code anonymous} in anonymous mode). */
    String userId();

    /** {@code websocket} or {@code sse}, as recorded in the client registry. */
    String transport();

    /**
     * Queues a frame for the client. Returns false, after closing the connection, when the client already has
     * more than the configured bytes waiting: a slow client is dropped instead of buffered without limit.
     */
    boolean send(ServerFrame frame);

    /** Ends the connection from the server side with a close code from docs/protocol.md. */
    void close(CloseReason reason);

    /**
     * Called on every heartbeat tick of the connection's transport: a WebSocket pings (and is closed if the
     * previous ping got no pong); an event stream gets a comment line.
     */
    void heartbeat();
}
