package dev.switchboard.worker.api;

/** A client as a worker sees it: the server side of the browser's {@code Client}. */
public interface Client {

    String id();

    /**
     * Sends a message to the client, wherever it is connected. {@code message} is anything Jackson can write
     * as JSON. It leaves when the handler returns, so a handler that fails sends nothing.
     */
    void postMessage(Object message);
}
