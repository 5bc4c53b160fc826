package dev.switchboard.worker.api;

import java.util.List;

/** A client as a worker sees it: the server side of the browser's {@code Client}. */
public interface Client {

    String id();

    /** The URL the client said it is at (may be empty). */
    String url();

    /**
     * {@code window}, {@code worker} or {@code sharedworker} ({@link ClientType#wireName()}): what the client
     * declared when it connected ({@code ?type=}), {@code window} when it declared nothing.
     */
    String type();

    /** The authenticated user the client acts for (an {@code anonymous:…} user of its own in anonymous mode). */
    String userId();

    /**
     * Sends a message to the client, wherever it is connected. {@code message} is anything Jackson can write
     * as JSON, or a {@code byte[]}, which the client receives as binary (a WebSocket binary frame). It leaves
     * when the handler succeeds, so a handler that fails sends nothing.
     */
    void postMessage(Object message);

    /**
     * The same, transferring {@code transfer}: ports this event holds (from {@link WorkerGlobalScope#messageChannel()}),
     * which the client holds from now on. Throws {@link IllegalArgumentException} for a port this event does not hold.
     */
    void postMessage(Object message, List<MessagePort> transfer);
}
