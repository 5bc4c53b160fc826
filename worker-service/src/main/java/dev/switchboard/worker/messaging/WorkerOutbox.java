package dev.switchboard.worker.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.DeadLetterHeaders;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.worker.engine.DeadLetter;
import dev.switchboard.worker.engine.EventSink;
import dev.switchboard.worker.engine.IncomingEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes what handlers produced, each to its topic — deliveries, notifications and lifecycle notices to the
 * gateways, fetch answers to the gateway waiting for them, sync registrations and outcomes to push-service — as
 * children of the span that produced them; and writes dead letters: the original record, its headers kept, with
 * the failure added ({@link DeadLetterHeaders}).
 */
@ApplicationScoped
public class WorkerOutbox implements EventSink {

    private final MutinyEmitter<CloudEvent> deliveries;
    private final MutinyEmitter<CloudEvent> fetchResponses;
    private final MutinyEmitter<CloudEvent> syncs;
    private final MutinyEmitter<CloudEvent> outcomes;
    private final MutinyEmitter<CloudEvent> publications;
    private final MutinyEmitter<CloudEvent> workerRequests;
    private final MutinyEmitter<byte[]> deadLetters;
    private final CloudEventSerializer serializer = new CloudEventSerializer();

    public WorkerOutbox(
            @Channel(Channels.DELIVERIES) MutinyEmitter<CloudEvent> deliveries,
            @Channel(Channels.FETCH_RESPONSES) MutinyEmitter<CloudEvent> fetchResponses,
            @Channel(Channels.SYNC) MutinyEmitter<CloudEvent> syncs,
            @Channel(Channels.SYNC_OUTCOMES) MutinyEmitter<CloudEvent> outcomes,
            @Channel(Channels.PUBLICATIONS) MutinyEmitter<CloudEvent> publications,
            @Channel(Channels.WORKER_REQUESTS) MutinyEmitter<CloudEvent> workerRequests,
            @Channel(Channels.EVENTS_DEAD_LETTER) MutinyEmitter<byte[]> deadLetters) {
        this.deliveries = deliveries;
        this.fetchResponses = fetchResponses;
        this.syncs = syncs;
        this.outcomes = outcomes;
        this.publications = publications;
        this.workerRequests = workerRequests;
        this.deadLetters = deadLetters;
    }

    @Override
    public CompletionStage<Void> publish(List<CloudEvent> events, Context trace) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            sends.add(send(emitter(event), event, trace));
        }
        Uni<Void> all = sends.size() == 1
                ? sends.get(0)
                : Uni.join().all(sends).andFailFast().replaceWithVoid();
        return all.subscribeAsCompletionStage();
    }

    private MutinyEmitter<CloudEvent> emitter(CloudEvent event) {
        return switch (event.getType()) {
            case EventTypes.FETCH_RESPONSE, EventTypes.CHANNEL_DECISION -> fetchResponses;
            case EventTypes.SYNC_REGISTER -> syncs;
            case EventTypes.SYNC_OUTCOME -> outcomes;
            case EventTypes.CHANNEL_PUBLICATION -> publications;
            case EventTypes.WORKER_START, EventTypes.WORKER_POST, EventTypes.WORKER_STOP -> workerRequests;
            default -> deliveries;
        };
    }

    private static Uni<Void> send(MutinyEmitter<CloudEvent> emitter, CloudEvent event, Context trace) {
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(SwitchboardEvents.key(event))
                                .build())
                        .addMetadata(TracingMetadata.withCurrent(trace))));
    }

    @Override
    public CompletionStage<Void> deadLetter(IncomingEvent event, DeadLetter letter) {
        Headers headers = new RecordHeaders();
        byte[] value;
        Headers original = ((KafkaIncomingEvent) event).headers();
        if (event.event() != null) {
            // The CloudEvent's attributes come back as ce_* headers; the others (trace context…) are kept as they were.
            value = serializer.serialize(Topics.EVENTS_DEAD_LETTER, headers, event.event());
            for (Header header : original) {
                if (!header.key().startsWith("ce_") && !header.key().equals("content-type")) {
                    headers.add(header);
                }
            }
        } else {
            // Not a CloudEvent: the connector kept its raw bytes in a header.
            Header raw = original.lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_VALUE_DATA);
            value = raw == null ? null : raw.value();
            for (Header header : original) {
                if (!header.key().startsWith("deserialization-failure-")) {
                    headers.add(header);
                }
            }
        }
        letter.headers().forEach((name, text) -> headers.add(name, text.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build();
        return deadLetters.sendMessage(Message.of(value).addMetadata(metadata)).subscribeAsCompletionStage();
    }
}
