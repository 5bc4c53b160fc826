package dev.switchboard.worker.service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.config.WorkerConfig;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.TracingMetadata;

/**
 * Wakes a worker for a push, a subscription change, a notification click or close, or a sync attempt: the CloudEvent
 * becomes its worker-api event (one small adapter per type), the handler runs, and what it sent is published only if
 * it succeeded; then the event is acknowledged (at-least-once, like {@link EventDispatcher}). A sync attempt is
 * answered with its outcome either way, so push-service can retry or dead-letter it.
 */
@ApplicationScoped
public class PushSyncDispatcher {

    static final Set<String> TYPES = Set.of(EventTypes.PUSH_PUSH, EventTypes.PUSH_SUBSCRIPTION_CHANGE,
            EventTypes.NOTIFICATION_CLICK, EventTypes.NOTIFICATION_CLOSE, EventTypes.SYNC_ATTEMPT);

    private final HandlerRegistry handlers;
    private final WorkerOutbox outbox;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final EventContext context;
    private final Duration handlerTimeout;

    public PushSyncDispatcher(HandlerRegistry handlers, WorkerOutbox outbox, NotificationPublisher notifications,
            SyncRegistrar syncs, ObjectMapper json, Tracer tracer, MeterRegistry meters, WorkerConfig config) {
        this.handlers = handlers;
        this.outbox = outbox;
        this.tracer = tracer;
        this.meters = meters;
        this.json = json;
        this.context = new EventContext(notifications, syncs, json,
                ServiceSources.of("worker-service", config.nodeId()));
        this.handlerTimeout = config.handlerTimeout();
    }

    public boolean handles(String type) {
        return TYPES.contains(type);
    }

    /** Runs on a worker thread (the caller's {@code @Blocking}); the stage completes when the event is acknowledged. */
    public CompletionStage<Void> dispatch(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        Context parent = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("switchboard " + event.getType() + " handler").setParent(parent)
                .setAttribute("cloudevents.event_id", event.getId()).startSpan();
        List<CloudEvent> sent = new ArrayList<>();
        try {
            JsonNode data = data(event);
            Adapted adapted = adapt(event, data);
            Optional<String> failure = run(adapted);
            if (failure.isEmpty()) {
                sent.addAll(adapted.event().outbox());
            }
            if (EventTypes.SYNC_ATTEMPT.equals(event.getType())) {
                sent.add(SyncEvents.outcome(event, data, failure.orElse(null), context));
            }
        } catch (InvalidEventException e) {
            meters.counter("switchboard.worker.events.skipped").increment();
            Log.warnf("passing over an event: %s", e.getMessage());
            span.recordException(e);
        }
        return outbox.publish(sent, parent.with(span))
                .onItemOrFailure().invoke((ok, failure) -> span.end())
                .subscribeAsCompletionStage()
                .thenCompose(published -> message.ack());
    }

    private Adapted adapt(CloudEvent event, JsonNode data) {
        return switch (event.getType()) {
            case EventTypes.PUSH_PUSH -> PushEvents.adapt(event, data, context);
            case EventTypes.PUSH_SUBSCRIPTION_CHANGE -> SubscriptionChangeEvents.adapt(event, data, context);
            case EventTypes.NOTIFICATION_CLICK, EventTypes.NOTIFICATION_CLOSE ->
                NotificationEvents.adapt(event, data, context);
            case EventTypes.SYNC_ATTEMPT -> SyncEvents.adapt(event, data, context);
            default -> throw new InvalidEventException("no adapter for type " + event.getType());
        };
    }

    /** Runs the handler and waits for its {@code waitUntil} promises; empty on success, else why it failed. */
    private Optional<String> run(Adapted adapted) {
        String registration = adapted.event().registrationId();
        Optional<ServiceWorker> worker = handlers.find(registration);
        if (worker.isEmpty()) {
            meters.counter("switchboard.worker.handler.failures", "registration", registration).increment();
            Log.warnf("no worker for registration '%s' (event %s)", registration, adapted.event().id());
            return Optional.of("no worker for registration '" + registration + "'");
        }
        try {
            adapted.invoke().accept(worker.get());
            adapted.event().extended().get(handlerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            meters.counter("switchboard.worker.handler.failures", "registration", registration).increment();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            Log.infof("%s of '%s' failed on event %s: %s", adapted.handler(), registration, adapted.event().id(),
                    cause.toString());
            return Optional.of(adapted.handler() + " failed: " + cause);
        }
        meters.counter("switchboard.worker.events.handled", "registration", registration).increment();
        return Optional.empty();
    }

    private JsonNode data(CloudEvent event) {
        byte[] bytes = SwitchboardEvents.data(event);
        try {
            JsonNode data = bytes == null ? null : json.readTree(bytes);
            if (data == null || !data.isObject()) {
                throw new InvalidEventException("event " + event.getId() + " carries no JSON object");
            }
            return data;
        } catch (IOException e) {
            throw new InvalidEventException("event " + event.getId() + " carries data that is not JSON");
        }
    }
}
