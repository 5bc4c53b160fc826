package dev.switchboard.worker.messaging;

import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.worker.engine.IncomingEvent;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** A record of the events topic, as the connector hands it over, for the engine. */
final class KafkaIncomingEvent implements IncomingEvent {

    private final Message<CloudEvent> message;
    private final IncomingKafkaRecordMetadata<?, ?> record;

    KafkaIncomingEvent(Message<CloudEvent> message) {
        this.message = message;
        this.record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("a message without Kafka metadata"));
    }

    @Override
    public String key() {
        Object key = record.getKey();
        return key == null ? null : key.toString();
    }

    @Override
    public int partition() {
        return record.getPartition();
    }

    @Override
    public long offset() {
        return record.getOffset();
    }

    @Override
    public CloudEvent event() {
        return message.getPayload();
    }

    @Override
    public Context trace() {
        return TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
    }

    @Override
    public String origin() {
        return record.getTopic() + "/" + record.getPartition() + "/" + record.getOffset();
    }

    /** The record's own headers (its CloudEvent attributes, its trace context, any others). */
    Headers headers() {
        return record.getHeaders();
    }
}
