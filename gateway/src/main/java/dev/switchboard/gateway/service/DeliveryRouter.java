package dev.switchboard.gateway.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.protocol.StreamPosition;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Reads every delivery from Kafka (each node has its own consumer group, so each node sees all of them) and
 * writes those addressed to a client this node holds, or to a user with clients on this node (every device of
 * the user, on every node). Others are someone else's and are skipped.
 */
@ApplicationScoped
public class DeliveryRouter {

    private final LocalConnections local;
    private final Frames frames;
    private final Tracer tracer;
    private final MeterRegistry meters;
    // Resolved once per transport: a registry lookup per delivery showed in the event path's CPU profile.
    private final Map<String, Counter> outByTransport = new ConcurrentHashMap<>();
    private final Map<String, Counter> droppedByTransport = new ConcurrentHashMap<>();

    public DeliveryRouter(LocalConnections local, Frames frames, Tracer tracer, MeterRegistry meters) {
        this.local = local;
        this.frames = frames;
        this.tracer = tracer;
        this.meters = meters;
    }

    @Incoming(Channels.DELIVERIES)
    public CompletionStage<Void> route(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        try {
            if (event == null) {
                throw new InvalidEventException("a record that is not a CloudEvent");
            }
            String lifecycleFrame = EventTypes.LIFECYCLE_FRAMES.get(event.getType());
            if (EventTypes.CLIENT_ERROR.equals(event.getType())) {
                ServerFrame frame = frames.eventFailed(SwitchboardEvents.data(event));
                local.find(SwitchboardEvents.clientId(event)).ifPresent(connection -> connection.send(frame));
            } else if (lifecycleFrame != null) {
                ServerFrame frame = frames.lifecycle(
                        FrameType.ofServer(lifecycleFrame), event.getId(), SwitchboardEvents.data(event));
                local.find(SwitchboardEvents.clientId(event)).ifPresent(connection -> connection.send(frame));
            } else if (EventTypes.USER_DELIVERY.equals(event.getType())
                    || EventTypes.NOTIFICATION_SHOW.equals(event.getType())) {
                Collection<ClientConnection> devices = local.ofUser(SwitchboardEvents.userId(event));
                if (!devices.isEmpty()) {
                    deliver(message, event, null, devices);
                }
            } else {
                long offset = message.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(IncomingKafkaRecordMetadata::getOffset)
                        .orElseThrow(() -> new IllegalArgumentException("a delivery without a Kafka offset"));
                String clientId = SwitchboardEvents.clientId(event);
                local.find(clientId)
                        .ifPresent(connection ->
                                deliver(message, event, new StreamPosition(clientId, offset), List.of(connection)));
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            meters.counter("switchboard.gateway.deliveries.invalid").increment();
            Log.warnf("skipping a delivery that breaks the event contract: %s", e.getMessage());
        }
        return message.ack();
    }

    /**
     * Writes one delivery to its connections on this node: the frame is built once, however many devices of a
     * user it goes to. {@code position} is null for a user delivery, which is outside the clients' streams.
     */
    private void deliver(
            Message<CloudEvent> message,
            CloudEvent event,
            StreamPosition position,
            Collection<ClientConnection> targets) {
        Context parent = TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("switchboard deliver")
                .setParent(parent)
                .setAttribute("cloudevents.event_id", event.getId())
                .setAttribute("switchboard.deliver.targets", targets.size())
                .startSpan();
        if (position != null) {
            span.setAttribute("switchboard.client.id", position.clientId());
        }
        try {
            ServerFrame frame = frameOf(event, position);
            for (ClientConnection connection : targets) {
                boolean written = position == null
                        ? connection.send(frame)
                        : connection.deliver(new StreamDelivery(position.offset(), event.getId(), frame));
                counter(
                                written ? outByTransport : droppedByTransport,
                                written ? "switchboard.gateway.messages.out" : "switchboard.gateway.messages.dropped",
                                connection.transport())
                        .increment();
            }
        } finally {
            span.end();
        }
    }

    private Counter counter(Map<String, Counter> byTransport, String name, String transport) {
        return byTransport.computeIfAbsent(transport, t -> meters.counter(name, "transport", t));
    }

    private ServerFrame frameOf(CloudEvent event, StreamPosition position) {
        if (EventTypes.NOTIFICATION_SHOW.equals(event.getType())) {
            return frames.notification(
                    event.getId(),
                    SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID)
                            .orElse(null),
                    SwitchboardEvents.data(event));
        }
        return frames.delivery(position, event);
    }
}
