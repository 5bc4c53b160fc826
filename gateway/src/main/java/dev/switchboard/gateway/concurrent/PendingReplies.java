package dev.switchboard.gateway.concurrent;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Answers this node waits for from another service, by the id of the event that asked. Bounded: past
 * {@code maxPending} waits, {@link #await} refuses, so the caller answers "busy" before it publishes anything.
 */
public class PendingReplies<T> {

    private final Map<String, CompletableFuture<T>> waiting = new ConcurrentHashMap<>();
    private final Semaphore permits;

    public PendingReplies(int maxPending) {
        this.permits = new Semaphore(maxPending);
    }

    /** A future for the answer to {@code eventId}, or null when the bound is reached. Complete it to stop waiting. */
    public CompletableFuture<T> await(String eventId) {
        if (!permits.tryAcquire()) {
            return null;
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        waiting.put(eventId, answer);
        answer.whenComplete((reply, failure) -> {
            if (waiting.remove(eventId) != null) {
                permits.release();
            }
        });
        return answer;
    }

    /** Completes the wait for {@code eventId}; false when nobody waits (timed out, or another node's). */
    public boolean answer(String eventId, T reply) {
        CompletableFuture<T> answer = waiting.get(eventId);
        return answer != null && answer.complete(reply);
    }

    public int size() {
        return waiting.size();
    }
}
