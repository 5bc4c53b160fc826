package dev.switchboard.worker.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Puts deliveries on Kafka, keyed by client, as children of the span that produced them. */
@ApplicationScoped
public class DeliveryPublisher {

    private final MutinyEmitter<CloudEvent> deliveries;

    public DeliveryPublisher(@Channel(Channels.DELIVERIES) MutinyEmitter<CloudEvent> deliveries) {
        this.deliveries = deliveries;
    }

    /** Completes when Kafka has every one of {@code events}; fails if any could not be written. */
    public Uni<Void> publish(List<CloudEvent> events, Context trace) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = events.stream().map(event -> Uni.createFrom().deferred(() -> deliveries.sendMessage(
                Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(SwitchboardEvents.key(event)).build())
                        .addMetadata(TracingMetadata.withCurrent(trace)))))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
