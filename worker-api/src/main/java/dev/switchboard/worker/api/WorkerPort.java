package dev.switchboard.worker.api;

/**
 * One client's connection to a dedicated or shared worker (the browser's {@code MessagePort} of a
 * {@code SharedWorker}, and the {@code Worker} object itself for a dedicated one).
 */
public interface WorkerPort {

    String clientId();

    String userId();

    /**
     * Sends {@code message} (anything Jackson writes as JSON) to the client, in order with everything else the
     * worker sends it. It leaves when the task succeeds: a task that throws sends nothing.
     */
    void postMessage(Object message);

    /** Closes this port (a dedicated worker's only port: the worker ends when the task is done). */
    void close();
}
