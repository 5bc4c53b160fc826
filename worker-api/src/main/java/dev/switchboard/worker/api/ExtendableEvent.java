package dev.switchboard.worker.api;

import java.util.concurrent.CompletionStage;

/** {@code ExtendableEvent}: every event a worker gets. */
public interface ExtendableEvent {

    /** The event's id, unique cluster-wide; a redelivered event keeps its id. */
    String id();

    /** The worker's global scope: caches, clients, registration, skipWaiting, fetch. */
    WorkerGlobalScope self();

    /** Extends the event's lifetime until {@code promise} completes; its failure fails the event. */
    void waitUntil(CompletionStage<?> promise);
}
