package dev.switchboard.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts what workers produce on Kafka as children of the span that produced it: deliveries keyed by client,
 * fetch responses (to {@code switchboard.fetch.responses}) keyed by the gateway node waiting for them.
 */
@ApplicationScoped
public class DeliveryPublisher {

    private final MutinyEmitter<CloudEvent> deliveries;
    private final MutinyEmitter<CloudEvent> fetchResponses;

    public DeliveryPublisher(@Channel(Channels.DELIVERIES) MutinyEmitter<CloudEvent> deliveries,
            @Channel(Channels.FETCH_RESPONSES) MutinyEmitter<CloudEvent> fetchResponses) {
        this.deliveries = deliveries;
        this.fetchResponses = fetchResponses;
    }

    /** Completes when Kafka has every one of {@code events}; fails if any could not be written. */
    public Uni<Void> publish(List<CloudEvent> events, Context trace) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = events.stream().map(event -> Uni.createFrom().deferred(() -> emitter(event).sendMessage(
                Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(SwitchboardEvents.key(event)).build())
                        .addMetadata(TracingMetadata.withCurrent(trace)))))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private MutinyEmitter<CloudEvent> emitter(CloudEvent event) {
        return EventTypes.FETCH_RESPONSE.equals(event.getType()) ? fetchResponses : deliveries;
    }
}
