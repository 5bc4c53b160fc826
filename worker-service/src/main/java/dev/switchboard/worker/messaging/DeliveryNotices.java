package dev.switchboard.worker.messaging;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.lifecycle.Notices;
import io.cloudevents.CloudEvent;

/** Lifecycle notices as deliveries on Kafka, one per client, through whatever puts deliveries on the topic. */
public final class DeliveryNotices implements Notices {

    private final Function<List<CloudEvent>, CompletionStage<Void>> sink;
    private final URI source;
    private final ObjectMapper json;
    private final Duration timeout;

    public DeliveryNotices(
            Function<List<CloudEvent>, CompletionStage<Void>> sink, URI source, ObjectMapper json, Duration timeout) {
        this.sink = sink;
        this.source = source;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public void send(String type, List<String> clientIds, Map<String, Object> data) {
        if (clientIds.isEmpty()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a lifecycle notice must be JSON", e);
        }
        publish(clientIds.stream()
                .map(id -> SwitchboardEvents.lifecycleDelivery(source, type, id, bytes))
                .toList());
    }

    @Override
    public void publish(List<CloudEvent> events) {
        try {
            sink.apply(events).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing lifecycle deliveries", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("lifecycle deliveries could not be put on Kafka", e);
        }
    }
}
