package dev.switchboard.gateway.service;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Puts client events on Kafka. Each one starts a span that the Kafka producer span, and through the
 * {@code traceparent} header every later hop, descends from.
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<CloudEvent> events;
    private final Tracer tracer;
    private final GatewayConfig config;
    private final URI source;

    public EventPublisher(@Channel(Channels.EVENTS) MutinyEmitter<CloudEvent> events, Tracer tracer,
            GatewayConfig config) {
        this.events = events;
        this.tracer = tracer;
        this.config = config;
        this.source = ServiceSources.of("gateway", config.nodeId());
    }

    /** Publishes a client's {@code postMessage}; the Uni yields the event id once Kafka has it. */
    public Uni<String> publishMessage(ClientRecord client, byte[] json) {
        CloudEvent event = SwitchboardEvents.clientMessage(source, client.clientId(), client.userId(),
                config.defaultRegistration(), json);
        if (!client.controller().isEmpty()) {
            // The controlling version handles the client's events; worker-service finds its registration from it.
            event = io.cloudevents.core.builder.CloudEventBuilder.v1(event)
                    .withExtension(EventExtensions.WORKER_VERSION, client.controller()).build();
        }
        Span span = tracer.spanBuilder("switchboard client message").setSpanKind(SpanKind.SERVER)
                .setAttribute("switchboard.client.id", client.clientId())
                .setAttribute("switchboard.client.transport", client.transport())
                .setAttribute("cloudevents.event_id", event.getId())
                .startSpan();
        Message<CloudEvent> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(SwitchboardEvents.key(event)).build())
                .addMetadata(TracingMetadata.withCurrent(Context.current().with(span)));
        return Uni.createFrom().deferred(() -> events.sendMessage(message))
                .replaceWith(event.getId())
                .onFailure().invoke(span::recordException)
                .onTermination().invoke(span::end);
    }
}
