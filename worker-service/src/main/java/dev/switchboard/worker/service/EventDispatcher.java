package dev.switchboard.worker.service;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.InvalidEventException;
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
 * Wakes the right version's handler for each event from Kafka ({@link WorkerRuntime#handle}: a table from
 * CloudEvent type to handler method), then publishes what it produced and only then acknowledges the event:
 * the offset is committed after the replies are in Kafka (at-least-once). An event that breaks the contract,
 * or whose handler fails, is counted, logged and passed over so that it cannot stall its partition.
 */
@ApplicationScoped
public class EventDispatcher {

    private final WorkerRuntime runtime;
    private final WorkerOutbox outbox;
    private final Tracer tracer;
    private final MeterRegistry meters;

    public EventDispatcher(WorkerRuntime runtime, WorkerOutbox outbox, Tracer tracer, MeterRegistry meters) {
        this.runtime = runtime;
        this.outbox = outbox;
        this.tracer = tracer;
        this.meters = meters;
    }

    @Incoming(Channels.EVENTS)
    @Blocking
    public CompletionStage<Void> dispatch(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        java.util.Optional<String> kind = event == null ? java.util.Optional.empty() : runtime.kindOf(event.getType());
        if (kind.isEmpty()) {
            return skip(message, event == null ? "a record that is not a CloudEvent" : "type " + event.getType());
        }
        Context parent = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("switchboard " + kind.get() + " handler").setParent(parent)
                .setSpanKind(SpanKind.INTERNAL).setAttribute("cloudevents.event_id", event.getId()).startSpan();
        WorkerRuntime.Outcome outcome;
        try {
            outcome = runtime.handle(event);
        } catch (InvalidEventException e) {
            span.recordException(e);
            span.end();
            return skip(message, e.getMessage());
        }
        span.setAttribute("switchboard.registration", outcome.registrationId());
        span.setAttribute("switchboard.worker.version", outcome.version());
        outcome.failure().ifPresent(failure -> {
            span.recordException(failure);
            Log.warnf(failure, "the %s handler of %s (version %s) failed on event %s", outcome.kind(),
                    outcome.registrationId(), outcome.version(), event.getId());
        });
        return outbox.publish(outcome.outgoing(), parent.with(span))
                .onItemOrFailure().invoke((ok, failure) -> span.end())
                .subscribeAsCompletionStage()
                .thenCompose(published -> message.ack());
    }

    private CompletionStage<Void> skip(Message<CloudEvent> message, String why) {
        meters.counter("switchboard.worker.events.skipped").increment();
        Log.warnf("passing over an event: %s", why);
        return message.ack();
    }
}
