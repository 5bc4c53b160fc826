package dev.switchboard.worker.api;

/**
 * A shared worker: the Java side of the browser's {@code SharedWorkerGlobalScope}. One instance per script URL,
 * name and sharing exists in the whole cluster; every {@code new SharedWorker(url, name)} of a client connects to it
 * with a port of its own. It lives while at least one port is open, keeps state in its fields between tasks, and
 * runs its tasks one at a time in the order they reached it. What must survive the loss of the node running it goes
 * in {@code self.state()} (docs/workers.md).
 *
 * <p>A bundle names its implementation in {@code META-INF/services/dev.switchboard.worker.api.SharedWorker}.
 */
public interface SharedWorker {

    /**
     * True when clients of every user may connect to one instance (a room, a lobby); by default each user has an
     * instance of their own, as each browser profile has. A worker that says yes must check who posts
     * ({@link WorkerPort#userId()}).
     */
    default boolean sharedAcrossUsers() {
        return false;
    }

    /** The worker starts on a node: first, or again on the node that took it over ({@link WorkerEvent#resumed()}). */
    default void onStart(WorkerEvent event) {}

    /** {@code onconnect}: a client connected; {@code event.port()} is its port. */
    default void onConnect(ConnectEvent event) {}

    /** A message posted on one of the ports ({@code event.port()}). */
    default void onMessage(WorkerMessageEvent event) {}

    /** A port closed: its client closed it, or the client is gone. The worker ends after its last port. */
    default void onDisconnect(ConnectEvent event) {}
}
