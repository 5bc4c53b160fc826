package dev.switchboard.worker.api;

/**
 * A dedicated worker: the Java side of the browser's {@code DedicatedWorkerGlobalScope}, started by one client
 * ({@code new Worker(url)}) and bound to it. Unlike a {@link ServiceWorker}, one instance lives from its start to its
 * end and keeps state in its fields between messages; tasks run one at a time, in the order the client posted them.
 * What must survive the loss of the node running it goes in {@code self.state()}: the fields start empty again on
 * the node that takes it over (docs/workers.md).
 *
 * <p>A bundle names its implementation in {@code META-INF/services/dev.switchboard.worker.api.DedicatedWorker}; it
 * needs a public no-argument constructor. A handler that throws sends its client an {@code error}; the worker goes on.
 */
public interface DedicatedWorker {

    /** The worker starts on a node: first, or again on the node that took it over ({@link WorkerEvent#resumed()}). */
    default void onStart(WorkerEvent event) {}

    /** {@code onmessage}: the client posted a message. */
    default void onMessage(WorkerMessageEvent event) {}
}
