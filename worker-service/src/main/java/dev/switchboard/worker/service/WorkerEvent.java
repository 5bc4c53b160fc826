package dev.switchboard.worker.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.WorkerGlobalScope;

/**
 * One event as a handler sees it. What the handler posts is collected, not sent: the runtime publishes it
 * after the handler returns, so a failing handler sends nothing and a retried event sends it again.
 */
final class WorkerEvent implements MessageEvent {

    private final String id;
    private final JsonNode data;
    private final SourceClient source;
    private final List<io.cloudevents.CloudEvent> posted = new ArrayList<>();
    private final List<CompletableFuture<?>> extensions = new ArrayList<>();

    WorkerEvent(String id, JsonNode data, String clientId, URI producer, ObjectMapper json) {
        this.id = id;
        this.data = data;
        this.source = new SourceClient(clientId, producer, json);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JsonNode data() {
        return data;
    }

    @Override
    public Client source() {
        return source;
    }

    @Override
    public WorkerGlobalScope self() {
        // Versions, registrations and the global scope arrive with the lifecycle runtime (issue 5).
        throw new IllegalStateException("self is not available to built-in CDI workers yet");
    }

    @Override
    public void waitUntil(CompletionStage<?> promise) {
        extensions.add(promise.toCompletableFuture());
    }

    /** Completes when every {@code waitUntil} promise has; fails with the first failure. */
    CompletableFuture<Void> extended() {
        return CompletableFuture.allOf(extensions.toArray(CompletableFuture[]::new));
    }

    List<io.cloudevents.CloudEvent> posted() {
        return List.copyOf(posted);
    }

    private final class SourceClient implements Client {

        private final String clientId;
        private final URI producer;
        private final ObjectMapper json;

        SourceClient(String clientId, URI producer, ObjectMapper json) {
            this.clientId = clientId;
            this.producer = producer;
            this.json = json;
        }

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
            if (message instanceof byte[] bytes) {
                posted.add(SwitchboardEvents.clientDelivery(producer, clientId, id, SwitchboardEvents.BINARY,
                        bytes.clone()));
                return;
            }
            try {
                posted.add(SwitchboardEvents.clientDelivery(producer, clientId, id, json.writeValueAsBytes(message)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("postMessage needs a JSON-serialisable message", e);
            }
        }
    }
}
