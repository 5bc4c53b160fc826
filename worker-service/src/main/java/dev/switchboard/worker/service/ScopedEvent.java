package dev.switchboard.worker.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.ExtendableEvent;
import dev.switchboard.worker.api.WorkerGlobalScope;
import io.cloudevents.CloudEvent;

/**
 * The common part of the push, sync, notification and subscription-change events: an id, {@code waitUntil}, a
 * {@code self()} whose registration can {@code showNotification} and {@code registerSync}, and the outbox that
 * collects what the handler sends, published only when it succeeds.
 */
abstract class ScopedEvent implements ExtendableEvent {

    private final String id;
    private final String userId;
    private final String registrationId;
    private final EventContext context;
    private final List<CloudEvent> outbox = new ArrayList<>();
    private final List<CompletableFuture<?>> extensions = new ArrayList<>();
    private final MinimalScope scope;

    ScopedEvent(CloudEvent event, EventContext context) {
        this.id = event.getId();
        this.userId = SwitchboardEvents.userId(event);
        this.registrationId = SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID)
                .orElseThrow(() -> new InvalidEventException("event " + event.getId() + " names no registration"));
        this.context = context;
        this.scope = new MinimalScope(new EventRegistration(registrationId, context, outbox));
    }

    @Override
    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    String registrationId() {
        return registrationId;
    }

    @Override
    public WorkerGlobalScope self() {
        return scope;
    }

    @Override
    public void waitUntil(CompletionStage<?> promise) {
        extensions.add(promise.toCompletableFuture());
    }

    /** Completes when every {@code waitUntil} promise has; fails with the first failure. */
    CompletableFuture<Void> extended() {
        return CompletableFuture.allOf(extensions.toArray(CompletableFuture[]::new));
    }

    /** What the handler sent, in order. */
    List<CloudEvent> outbox() {
        return List.copyOf(outbox);
    }

    /** The client an event came from: {@code postMessage} to it goes out with the handler's other sends. */
    Client client(String clientId) {
        return new Client() {
            @Override
            public String id() {
                return clientId;
            }

            @Override
            public String url() {
                return "";
            }

            @Override
            public String type() {
                return "window";
            }

            @Override
            public void postMessage(Object message) {
                try {
                    outbox.add(SwitchboardEvents.clientDelivery(context.source(), clientId, id,
                            context.json().writeValueAsBytes(message)));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("postMessage needs a JSON-serialisable message", e);
                }
            }
        };
    }
}
