package dev.switchboard.worker.service;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.ExtendableEvent;
import dev.switchboard.worker.api.WorkerGlobalScope;
import io.cloudevents.CloudEvent;

/**
 * One event as a handler sees it (the base of every kind). What the handler posts is collected, not sent: the
 * runtime publishes it after the handler and its {@code waitUntil} promises succeed, so a failing handler sends
 * nothing and a retried event sends it again.
 */
public class EventContext implements ExtendableEvent {

    private final String id;
    private final URI producer;
    private final ObjectMapper json;
    private final List<CloudEvent> posted = new ArrayList<>();
    private final List<CompletableFuture<?>> extensions = new ArrayList<>();
    private WorkerGlobalScope self;

    /** What every kind of event starts from: its id, this node as producer, and the JSON mapper. */
    public record Seed(String id, URI producer, ObjectMapper json) {
    }

    public EventContext(Seed seed) {
        this.id = seed.id();
        this.producer = seed.producer();
        this.json = seed.json();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public WorkerGlobalScope self() {
        if (self == null) {
            throw new IllegalStateException("the event has no global scope yet");
        }
        return self;
    }

    void bind(WorkerGlobalScope scope) {
        this.self = scope;
    }

    @Override
    public void waitUntil(CompletionStage<?> promise) {
        synchronized (extensions) {
            extensions.add(promise.toCompletableFuture());
        }
    }

    /** {@code client.postMessage(message)} from within this event; a {@code byte[]} goes as binary. */
    protected void post(String clientId, Object message) {
        if (message instanceof byte[] bytes) {
            send(SwitchboardEvents.clientDelivery(producer, clientId, id, SwitchboardEvents.BINARY, bytes.clone()));
            return;
        }
        try {
            send(SwitchboardEvents.clientDelivery(producer, clientId, id, json.writeValueAsBytes(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("postMessage needs a JSON-serialisable message", e);
        }
    }

    /** Something the handler sends ({@code showNotification}, {@code registerSync}…): it leaves if it succeeds. */
    void send(CloudEvent event) {
        synchronized (posted) {
            posted.add(event);
        }
    }

    /**
     * Waits for every {@code waitUntil} promise, including those added while waiting, until {@code deadline}
     * (a {@link System#nanoTime()}); rethrows the first failure.
     */
    void awaitExtensions(long deadline) throws ExecutionException, TimeoutException, InterruptedException {
        int seen = 0;
        while (true) {
            List<CompletableFuture<?>> pending;
            synchronized (extensions) {
                if (seen == extensions.size()) {
                    return;
                }
                pending = List.copyOf(extensions.subList(seen, extensions.size()));
                seen = extensions.size();
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    protected List<CloudEvent> posted() {
        synchronized (posted) {
            return List.copyOf(posted);
        }
    }

    URI producer() {
        return producer;
    }

    ObjectMapper json() {
        return json;
    }

    static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }
}
