package dev.switchboard.push.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Puts events that wake a worker (push, subscription change, sync attempt) on {@code switchboard.events}. */
@ApplicationScoped
public class WorkerEventPublisher {

    private final MutinyEmitter<CloudEvent> events;

    public WorkerEventPublisher(@Channel(Channels.WORKER_EVENTS) MutinyEmitter<CloudEvent> events) {
        this.events = events;
    }

    /** Completes once Kafka has the event ({@code acks=all}), under its partition key. */
    public Uni<Void> publish(CloudEvent event) {
        return send(events, event);
    }

    /** Sends {@code event} on {@code emitter} under its partition key; completes once Kafka has it. */
    static Uni<Void> send(MutinyEmitter<CloudEvent> emitter, CloudEvent event) {
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(SwitchboardEvents.key(event))
                                .build())));
    }
}
