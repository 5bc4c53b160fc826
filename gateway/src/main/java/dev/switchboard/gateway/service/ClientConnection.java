package dev.switchboard.gateway.service;

import java.time.Instant;
import java.util.List;

import dev.switchboard.gateway.protocol.ServerFrame;

/** One client's live connection on this node, whatever its transport; a transport decides how frames travel. */
public interface ClientConnection {

    String clientId();

    /** The user the client belongs to (an {@code anonymous:…} user of its own in anonymous mode). */
    String userId();

    /** When the credential the client was admitted with expires (null: never); closed with 4001 then. */
    Instant expiresAt();

    /** The client refreshed its token in place: it may stay connected until {@code expiresAt} (null: for good). */
    void refreshedUntil(Instant expiresAt);

    /** {@code websocket} or {@code sse}, as recorded in the client registry. */
    String transport();

    /**
     * Queues a frame for the client. Returns false, after closing the connection, when the client already has
     * more than the configured bytes waiting: a slow client is dropped instead of buffered without limit.
     */
    boolean send(ServerFrame frame);

    /** A delivery of the client's own stream: sent in offset order, at most once (see resume). */
    boolean deliver(StreamDelivery delivery);

    /** A resume begins: deliveries up to {@code afterOffset} were seen; live ones wait until the replay ends. */
    void startReplay(long afterOffset);

    /**
     * The replay ends: {@code gap}, when not null, tells the client that not all it missed could be replayed;
     * then the replayed deliveries and the ones that arrived meanwhile are sent, in order, without repeats.
     */
    void finishReplay(List<StreamDelivery> replayed, ServerFrame gap);

    /** Ends the connection from the server side with a close code from docs/protocol.md. */
    void close(CloseReason reason);

    /**
     * Called on every heartbeat tick of the connection's transport: a WebSocket pings (and is closed if the
     * previous ping got no pong); an event stream gets a comment line.
     */
    void heartbeat();
}
