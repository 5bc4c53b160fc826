package dev.switchboard.gateway.service;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.WorkerMessages;
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
    private final MutinyEmitter<CloudEvent> syncs;
    private final MutinyEmitter<CloudEvent> publications;
    private final MutinyEmitter<CloudEvent> workers;
    private final Tracer tracer;
    private final GatewayConfig config;
    private final URI source;

    public EventPublisher(
            @Channel(Channels.EVENTS) MutinyEmitter<CloudEvent> events,
            @Channel(Channels.SYNC) MutinyEmitter<CloudEvent> syncs,
            @Channel(Channels.PUBLICATIONS) MutinyEmitter<CloudEvent> publications,
            @Channel(Channels.WORKERS) MutinyEmitter<CloudEvent> workers,
            Tracer tracer,
            GatewayConfig config) {
        this.events = events;
        this.syncs = syncs;
        this.publications = publications;
        this.workers = workers;
        this.tracer = tracer;
        this.config = config;
        this.source = ServiceSources.of("gateway", config.nodeId());
    }

    /**
     * Publishes a client's {@code postMessage} (JSON bytes, or raw bytes when {@code binary}); the Uni yields
     * the event id once Kafka has it.
     */
    public Uni<String> publishMessage(ClientRecord client, boolean binary, byte[] data) {
        return publishMessage(client, messageEvent(client, binary, data));
    }

    /** The event of a client's {@code postMessage}, to publish with {@link #publishMessage(ClientRecord, CloudEvent)}. */
    public CloudEvent messageEvent(ClientRecord client, boolean binary, byte[] data) {
        return withController(
                client,
                SwitchboardEvents.clientMessage(
                        source,
                        client.clientId(),
                        client.userId(),
                        config.defaultRegistration(),
                        binary ? SwitchboardEvents.BINARY : SwitchboardEvents.JSON,
                        data));
    }

    /** Publishes a {@link #messageEvent}; the Uni yields its id once Kafka has it. */
    public Uni<String> publishMessage(ClientRecord client, CloudEvent message) {
        return send(events, client, message);
    }

    /**
     * Publishes a client event of {@code type} (a message, a notification click or close) for the worker of the
     * client's registration; the Uni yields the event id once Kafka has it.
     */
    public Uni<String> publish(ClientRecord client, String type, byte[] json) {
        return send(
                events,
                client,
                withController(
                        client,
                        SwitchboardEvents.clientEvent(
                                source, type, client.clientId(), client.userId(), config.defaultRegistration(), json)));
    }

    /**
     * Registers a background sync of the client's user under {@code tag} with the client's registration; push-service
     * attempts it from {@code switchboard.sync}. The Uni yields the sync's id once Kafka has it.
     */
    public Uni<String> publishSync(ClientRecord client, String tag, byte[] payload) {
        return send(
                syncs,
                client,
                SwitchboardEvents.syncRegistration(
                        source, client.userId(), config.defaultRegistration(), tag, payload));
    }

    /**
     * Publishes {@code json} to {@code channel} from {@code client}, who gets it back only when {@code echo}. The Uni
     * yields the publication's event id once Kafka has it.
     */
    public Uni<String> publishToChannel(ClientRecord client, String channel, boolean echo, byte[] json) {
        return send(
                publications,
                client,
                SwitchboardEvents.channelPublication(source, channel, client.clientId(), client.userId(), echo, json));
    }

    /**
     * Puts {@code client}'s request ({@code type}: {@code WORKER_START}, {@code WORKER_POST}, {@code WORKER_STOP}) of the
     * worker instance {@code instanceId} on the workers topic; the Uni yields the event id once Kafka has it.
     */
    public Uni<String> publishWorkerRequest(ClientRecord client, String type, String instanceId, Object payload) {
        return send(
                workers,
                client,
                WorkerMessages.request(source, type, instanceId, client.clientId(), client.userId(), payload));
    }

    /** Posts {@code json} on MessageChannel port {@code port}: it arrives in the other end's inbox. */
    public Uni<String> publishToPort(ClientRecord client, String port, byte[] json) {
        return send(publications, client, MessagePorts.message(source, port, client.clientId(), client.userId(), json));
    }

    /** Tells both ends of {@code port}'s MessageChannel that it is closed; the Uni yields once Kafka has both. */
    public Uni<Void> publishPortClosed(String port) {
        List<Uni<String>> sends = MessagePorts.closed(source, port).stream()
                .map(closed -> send(
                        publications,
                        closed,
                        tracer.spanBuilder("switchboard port closed")
                                .setAttribute(
                                        "switchboard.port",
                                        MessagePorts.portOfInbox(
                                                SwitchboardEvents.extension(closed, EventExtensions.CHANNEL)
                                                        .orElseThrow()))
                                .startSpan()))
                .toList();
        return Uni.combine().all().unis(sends).discardItems();
    }

    /**
     * {@code clientId} of {@code userId} joined or left ({@code type}: {@code CHANNEL_JOIN} or {@code CHANNEL_LEAVE})
     * the presence of {@code channel}; the Uni yields once Kafka has it.
     */
    public Uni<String> publishPresence(String type, String channel, String clientId, String userId) {
        CloudEvent event = SwitchboardEvents.channelPresence(source, type, channel, clientId, userId);
        Span span = tracer.spanBuilder(spanName(event))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("switchboard.channel", channel)
                .setAttribute("switchboard.client.id", clientId)
                .setAttribute("cloudevents.event_id", event.getId())
                .startSpan();
        return send(publications, event, span);
    }

    private Uni<String> send(MutinyEmitter<CloudEvent> emitter, ClientRecord client, CloudEvent event) {
        Span span = tracer.spanBuilder(spanName(event))
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("switchboard.client.id", client.clientId())
                .setAttribute("switchboard.client.transport", client.transport())
                .setAttribute("cloudevents.event_id", event.getId())
                .startSpan();
        return send(emitter, event, span);
    }

    /** The request for the client's worker to decide on its subscribe to {@code channel}, answered to this node. */
    public CloudEvent subscribeEvent(ClientRecord client, String channel) {
        return withController(
                client,
                ChannelMessages.subscribeEvent(
                        source,
                        client.clientId(),
                        client.userId(),
                        config.defaultRegistration(),
                        config.nodeId(),
                        new ChannelMessages.SubscribeRequest(channel)));
    }

    /** Publishes a {@link #subscribeEvent}; the Uni completes once Kafka has it. */
    public Uni<Void> publishSubscribe(ClientRecord client, CloudEvent event) {
        return send(events, client, event).replaceWithVoid();
    }

    /** A fetch event for the worker version {@code workerVersion}, answered to this node. */
    public CloudEvent fetchEvent(String registrationId, String workerVersion, FetchMessages.Request request) {
        return FetchMessages.requestEvent(source, registrationId, workerVersion, config.nodeId(), request);
    }

    /** Publishes a fetch event ({@link FetchMessages#requestEvent}); the Uni completes once Kafka has it. */
    public Uni<Void> publishFetch(CloudEvent event, String clientId) {
        Span span = tracer.spanBuilder("switchboard fetch")
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("switchboard.client.id", clientId)
                .setAttribute("cloudevents.event_id", event.getId())
                .startSpan();
        return send(events, event, span).replaceWithVoid();
    }

    private Uni<String> send(MutinyEmitter<CloudEvent> emitter, CloudEvent event, Span span) {
        Message<CloudEvent> message = Message.of(event)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(SwitchboardEvents.key(event))
                        .build())
                .addMetadata(TracingMetadata.withCurrent(Context.current().with(span)));
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(message))
                .replaceWith(event.getId())
                .onFailure()
                .invoke(span::recordException)
                .onTermination()
                .invoke(span::end);
    }

    /** {@code switchboard client message} for a message, {@code switchboard client <type>} for other events. */
    private static String spanName(CloudEvent event) {
        return EventTypes.CLIENT_MESSAGE.equals(event.getType())
                ? "switchboard client message"
                : "switchboard client " + event.getType();
    }

    /**
     * Client events name the default registration and, once a version controls the client, that version: the
     * worker runs the controlling version's handler (worker-service also looks the controller up itself, as
     * this node's copy of the client's record may predate its claim).
     */
    private CloudEvent withController(ClientRecord client, CloudEvent event) {
        return client.controller().isEmpty()
                ? event
                : io.cloudevents.core.builder.CloudEventBuilder.v1(event)
                        .withExtension(EventExtensions.WORKER_VERSION, client.controller())
                        .build();
    }
}
