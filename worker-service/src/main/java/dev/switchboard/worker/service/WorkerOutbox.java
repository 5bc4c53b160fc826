package dev.switchboard.worker.service;

import java.util.ArrayList;
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
 * Publishes what a handler produced, each to its topic: deliveries, notifications and lifecycle notices to the
 * gateways, fetch answers to the gateway waiting for them ({@link DeliveryPublisher}), sync registrations and
 * sync outcomes to push-service.
 */
@ApplicationScoped
public class WorkerOutbox {

    private final DeliveryPublisher deliveries;
    private final MutinyEmitter<CloudEvent> syncs;
    private final MutinyEmitter<CloudEvent> outcomes;

    public WorkerOutbox(DeliveryPublisher deliveries, @Channel(Channels.SYNC) MutinyEmitter<CloudEvent> syncs,
            @Channel(Channels.SYNC_OUTCOMES) MutinyEmitter<CloudEvent> outcomes) {
        this.deliveries = deliveries;
        this.syncs = syncs;
        this.outcomes = outcomes;
    }

    /** Completes when Kafka has every one of {@code events}; fails if any could not be written. */
    public Uni<Void> publish(List<CloudEvent> events, Context trace) {
        List<CloudEvent> toGateways = new ArrayList<>();
        List<Uni<Void>> sends = new ArrayList<>();
        for (CloudEvent event : events) {
            switch (event.getType()) {
                case EventTypes.SYNC_REGISTER -> sends.add(send(syncs, event, trace));
                case EventTypes.SYNC_OUTCOME -> sends.add(send(outcomes, event, trace));
                default -> toGateways.add(event);
            }
        }
        sends.add(deliveries.publish(toGateways, trace));
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static Uni<Void> send(MutinyEmitter<CloudEvent> emitter, CloudEvent event, Context trace) {
        return Uni.createFrom().deferred(() -> emitter.sendMessage(Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(SwitchboardEvents.key(event)).build())
                .addMetadata(TracingMetadata.withCurrent(trace))));
    }
}
