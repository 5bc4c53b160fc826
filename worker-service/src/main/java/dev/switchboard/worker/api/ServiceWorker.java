package dev.switchboard.worker.api;

/**
 * A service worker: the handler of one registration, woken once per event. Like a browser's
 * {@code ServiceWorkerGlobalScope} it keeps no state between events; everything it needs arrives with the
 * event or lives in caches and the client registry. Implementations are CDI beans.
 */
public interface ServiceWorker {

    /** The registration this worker serves; client events carry it. */
    String registration();

    /** {@code onmessage}: a client called {@code postMessage} on this worker. */
    default void onMessage(MessageEvent event) {
    }
}
