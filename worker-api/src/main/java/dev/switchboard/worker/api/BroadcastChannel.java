package dev.switchboard.worker.api;

/**
 * {@code new BroadcastChannel(name)} across the cluster, from a worker: what it posts reaches every client
 * subscribed to the channel, on every gateway node (docs/protocol.md, "Channels"). A handler publishes as the
 * server: the namespace's client {@code publish} rule does not bind it, so it may write to a user's private
 * {@code user:<userId>} channel, which reaches every device of that user that subscribed to it.
 */
public interface BroadcastChannel {

    String name();

    /**
     * Publishes {@code message} (anything Jackson can write as JSON) to the channel. It leaves when the handler
     * succeeds, so a handler that fails publishes nothing; a handler run again after a crash may publish it again,
     * with the same event id. Throws {@link IllegalArgumentException} when it is not JSON or larger than
     * {@code switchboard.channels.max-publication-bytes}.
     */
    void postMessage(Object message);
}
