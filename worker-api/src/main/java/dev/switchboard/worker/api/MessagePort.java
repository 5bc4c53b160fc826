package dev.switchboard.worker.api;

/**
 * One end of a {@link MessageChannel}. A handler passes it to a client with
 * {@link Client#postMessage(Object, java.util.List)}; from then on what the client posts on it arrives at the holder
 * of the other end, across nodes, in order (docs/handler-api.md, "MessageChannel").
 */
public interface MessagePort {

    /** The port's id, as clients name it in their {@code port-*} frames. */
    String id();

    /**
     * Posts {@code message} (anything Jackson writes as JSON) to the holder of the other end; it leaves when the
     * handler succeeds. Only on a port the client passed to this event ({@link MessageEvent#ports()}): the ends of a
     * channel the handler created have no reader yet ({@link IllegalStateException}).
     */
    void postMessage(Object message);

    /** Closes the channel: both ends are closed and their holders told. */
    void close();
}
