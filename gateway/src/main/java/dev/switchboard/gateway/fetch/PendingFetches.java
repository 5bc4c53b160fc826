package dev.switchboard.gateway.fetch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.gateway.config.GatewayConfig;

/**
 * Fetch events this node has published and waits an answer for, by event id. Bounded by
 * {@code fetch.max-pending}: past it a request is refused (503) before anything is published.
 */
@ApplicationScoped
public class PendingFetches {

    private final Map<String, CompletableFuture<FetchMessages.Response>> waiting = new ConcurrentHashMap<>();
    private final Semaphore permits;

    public PendingFetches(GatewayConfig config) {
        this.permits = new Semaphore(config.fetch().maxPending());
    }

    /** A future for the answer to {@code eventId}, or null when {@code max-pending} answers are awaited already. */
    public CompletableFuture<FetchMessages.Response> await(String eventId) {
        if (!permits.tryAcquire()) {
            return null;
        }
        CompletableFuture<FetchMessages.Response> answer = new CompletableFuture<>();
        waiting.put(eventId, answer);
        answer.whenComplete((response, failure) -> {
            if (waiting.remove(eventId) != null) {
                permits.release();
            }
        });
        return answer;
    }

    /** Completes the wait for {@code eventId}; false when nobody waits (timed out, or another node's). */
    public boolean answer(String eventId, FetchMessages.Response response) {
        CompletableFuture<FetchMessages.Response> answer = waiting.get(eventId);
        return answer != null && answer.complete(response);
    }

    public int size() {
        return waiting.size();
    }
}
