package dev.switchboard.gateway.channel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.gateway.protocol.ChannelPosition;
import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
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
 * Reads every channel publication (each node has its own consumer group, so each node sees all of them) and writes
 * it to this node's subscribers of its channel: the frame is built once per node, however many subscribers it goes
 * to, and not at all when the node has none. The publishing client is skipped unless it asked for an echo. Joins
 * and leaves of a channel's presence go the same way, in order with its publications.
 */
@ApplicationScoped
public class ChannelFeed {

    /** The records of the channels topic a subscriber is sent, and the frame each becomes. */
    private static final Map<String, FrameType> FRAMES = Map.of(
            EventTypes.CHANNEL_PUBLICATION,
            FrameType.PUBLICATION,
            EventTypes.CHANNEL_JOIN,
            FrameType.JOIN,
            EventTypes.CHANNEL_LEAVE,
            FrameType.LEAVE,
            EventTypes.PORT_CLOSED,
            FrameType.PORT_CLOSED);

    private final ChannelSubscriptions subscriptions;
    private final ChannelNames names;
    private final Frames frames;
    private final Tracer tracer;
    private final Counter written;
    private final Counter invalid;

    public ChannelFeed(
            ChannelSubscriptions subscriptions,
            ChannelNames names,
            Frames frames,
            Tracer tracer,
            MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.names = names;
        this.frames = frames;
        this.tracer = tracer;
        this.written = meters.counter("switchboard.gateway.channel.deliveries");
        this.invalid = meters.counter("switchboard.gateway.channel.records.invalid");
    }

    private ServerFrame frame(
            CloudEvent event,
            FrameType type,
            String channel,
            String clientId,
            IncomingKafkaRecordMetadata<?, ?> record) {
        if (type != FrameType.PUBLICATION) {
            return frames.presenceChange(type, channel, clientId, SwitchboardEvents.userId(event));
        }
        boolean positioned = names.namespaceOf(channel)
                .map(namespace -> namespace.historySize() > 0)
                .orElse(false);
        return frames.publication(
                channel,
                positioned ? new ChannelPosition(record.getPartition(), record.getOffset()) : null,
                event.getId(),
                SwitchboardEvents.data(event));
    }

    @Incoming(Channels.CHANNEL_FEED)
    public CompletionStage<Void> route(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        try {
            if (event == null) {
                throw new InvalidEventException("a record that is not a CloudEvent");
            }
            FrameType type = FRAMES.get(event.getType());
            if (type != null) {
                String channel = SwitchboardEvents.extension(event, EventExtensions.CHANNEL)
                        .orElseThrow(() -> new InvalidEventException("record " + event.getId() + " names no channel"));
                Collection<Subscription> subscribers = subscriptions.of(channel);
                if (!subscribers.isEmpty()) {
                    deliver(message, event, type, channel, subscribers);
                }
            }
        } catch (InvalidEventException | IllegalArgumentException e) {
            invalid.increment();
            Log.warnf("skipping a channel record that breaks the event contract: %s", e.getMessage());
        }
        return message.ack();
    }

    /**
     * A record of a port's inbox, to its holder (one connection at most); the close ends the subscription, and
     * once sent it is forgotten here.
     */
    private void deliverToPort(
            CloudEvent event,
            String port,
            IncomingKafkaRecordMetadata<?, ?> record,
            Collection<Subscription> subscribers) {
        Subscription.Publication publication = PortRequestHandler.inboxRecord(
                frames, port, new ChannelPosition(record.getPartition(), record.getOffset()), event);
        for (Subscription subscription : List.copyOf(subscribers)) {
            subscription.offer(publication);
            written.increment();
            if (subscription.ended()) {
                subscriptions.forgetEnded(subscription);
            }
        }
    }

    private void deliver(
            Message<CloudEvent> message,
            CloudEvent event,
            FrameType type,
            String channel,
            Collection<Subscription> subscribers) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("a publication without a Kafka offset"));
        Context parent = TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("switchboard channel deliver")
                .setParent(parent)
                .setAttribute("cloudevents.event_id", event.getId())
                .setAttribute("switchboard.channel", channel)
                .setAttribute("switchboard.deliver.targets", subscribers.size())
                .startSpan();
        try {
            String publisher = SwitchboardEvents.extension(event, EventExtensions.CLIENT_ID)
                    .orElse(null);
            String port = MessagePorts.portOfInbox(channel);
            if (port != null) {
                deliverToPort(event, port, record, subscribers);
                return;
            }
            Subscription.Publication publication = new Subscription.Publication(
                    record.getOffset(), event.getId(), frame(event, type, channel, publisher, record));
            // A client is not told of its own join or leave, nor sent its own publication unless it asked.
            boolean echo = type == FrameType.PUBLICATION
                    && SwitchboardEvents.extension(event, EventExtensions.ECHO)
                            .map(Boolean::parseBoolean)
                            .orElse(false);
            int count = 0;
            for (Subscription subscription : subscribers) {
                if (echo || !subscription.connection().clientId().equals(publisher)) {
                    subscription.offer(publication);
                    count++;
                }
            }
            written.increment(count);
        } finally {
            span.end();
        }
    }
}
