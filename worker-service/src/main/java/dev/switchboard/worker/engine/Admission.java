package dev.switchboard.worker.engine;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A non-blocking counting semaphore: at most {@code limit} events are admitted and not yet settled. A caller that
 * finds it full gets a stage that completes when a place frees up; the consumer waits on it, so Kafka consumption
 * slows down (and the connector pauses its partitions) instead of memory growing.
 */
final class Admission {

    private static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private final int limit;
    private final ArrayDeque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int admitted;

    Admission(int limit) {
        this.limit = limit;
    }

    synchronized CompletionStage<Void> acquire() {
        if (admitted < limit) {
            admitted++;
            return ADMITTED;
        }
        CompletableFuture<Void> place = new CompletableFuture<>();
        waiting.add(place);
        return place;
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                admitted--;
            }
        }
        if (next != null) {
            next.complete(null);
        }
    }

    synchronized int inUse() {
        return admitted;
    }
}
