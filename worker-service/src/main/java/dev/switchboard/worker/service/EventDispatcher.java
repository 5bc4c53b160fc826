package dev.switchboard.worker.service;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.config.WorkerConfig;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Wakes the registration's worker for each client event, then publishes what it posted and only then
 * acknowledges the event: the offset is committed after the replies are in Kafka (at-least-once). An event
 * that breaks the contract, or whose handler throws, is counted, logged and passed over so that it cannot
 * stall its partition.
 */
@ApplicationScoped
public class EventDispatcher {

    private final HandlerRegistry handlers;
    private final PushSyncDispatcher pushAndSync;
    private final DeliveryPublisher deliveries;
    private final ObjectMapper json;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final URI source;
    private final Duration handlerTimeout;

    public EventDispatcher(HandlerRegistry handlers, PushSyncDispatcher pushAndSync, DeliveryPublisher deliveries,
            ObjectMapper json, Tracer tracer, MeterRegistry meters, WorkerConfig config) {
        this.handlers = handlers;
        this.pushAndSync = pushAndSync;
        this.deliveries = deliveries;
        this.json = json;
        this.tracer = tracer;
        this.meters = meters;
        this.source = ServiceSources.of("worker-service", config.nodeId());
        this.handlerTimeout = config.handlerTimeout();
    }

    @Incoming(Channels.EVENTS)
    @Blocking
    public CompletionStage<Void> dispatch(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        if (event != null && pushAndSync.handles(event.getType())) {
            return pushAndSync.dispatch(message);
        }
        if (event == null || !EventTypes.CLIENT_MESSAGE.equals(event.getType())) {
            return skip(message, event == null ? "a record that is not a CloudEvent" : "type " + event.getType());
        }
        Context parent = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("switchboard message handler").setParent(parent)
                .setSpanKind(SpanKind.INTERNAL).setAttribute("cloudevents.event_id", event.getId()).startSpan();
        try {
            WorkerEvent workerEvent = run(event, span);
            Context trace = parent.with(span);
            return deliveries.publish(workerEvent.posted(), trace)
                    .onItemOrFailure().invoke((ok, failure) -> span.end())
                    .subscribeAsCompletionStage()
                    .thenCompose(published -> message.ack());
        } catch (InvalidEventException | HandlerFailedException e) {
            span.recordException(e);
            span.end();
            return skip(message, e.getMessage());
        }
    }

    private WorkerEvent run(CloudEvent event, Span span) {
        String registration = SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID)
                .orElseThrow(() -> new InvalidEventException("event " + event.getId() + " names no registration"));
        ServiceWorker worker = handlers.find(registration).orElseThrow(
                () -> new InvalidEventException("no worker for registration '" + registration + "'"));
        span.setAttribute("switchboard.registration", registration);
        WorkerEvent workerEvent = new WorkerEvent(event.getId(), data(event), SwitchboardEvents.clientId(event),
                source, json);
        try {
            worker.onMessage(workerEvent);
            workerEvent.extended().get(handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandlerFailedException("interrupted while '" + registration + "' handled " + event.getId(), e);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            meters.counter("switchboard.worker.handler.failures", "registration", registration).increment();
            throw new HandlerFailedException("worker of '" + registration + "' failed on event " + event.getId(), e);
        }
        meters.counter("switchboard.worker.events.handled", "registration", registration).increment();
        return workerEvent;
    }

    private JsonNode data(CloudEvent event) {
        byte[] bytes = SwitchboardEvents.data(event);
        if (bytes == null) {
            return json.nullNode();
        }
        if (SwitchboardEvents.isBinary(event)) {
            return json.getNodeFactory().binaryNode(bytes);
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException("event " + event.getId() + " carries data that is not JSON");
        }
    }

    private CompletionStage<Void> skip(Message<CloudEvent> message, String why) {
        meters.counter("switchboard.worker.events.skipped").increment();
        Log.warnf("passing over an event: %s", why);
        return message.ack();
    }

    /** A handler threw: logged with its cause, and the event is passed over. */
    static final class HandlerFailedException extends RuntimeException {

        HandlerFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
