package dev.switchboard.worker.engine;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * How a worker node takes events (docs/events.md, "Guarantees"): events of one key run one after another in
 * offset order, events of different keys concurrently, at most {@code maxInFlight} of them admitted at once. Each
 * event ends in one {@link Settlement}: handled and its effects in Kafka; a duplicate, passed over; or, after its
 * retries, on the dead-letter topic with the client told. The consumer acknowledges an event only when it is
 * settled, so a crash loses nothing (at-least-once) and the duplicate window hides most repeats.
 */
public final class EventEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EventEngine.class);

    private final EngineSettings settings;
    private final EventHandling handling;
    private final EventSink sink;
    private final HandledEvents handled;
    private final String nodeId;
    private final URI source;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final Admission admission;
    private final KeyedSequencer sequencer;
    private final ScheduledExecutorService timers;
    private final Map<Integer, Integer> generations = new ConcurrentHashMap<>();
    private final AtomicInteger deadLettersFailing = new AtomicInteger();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /** An admitted event: {@code admitted} completes when it is let in, {@code settled} when it is finished. */
    public record Submission(CompletionStage<Void> admitted, CompletionStage<Settlement> settled) {}

    // Every settlement's counter, registered at once and only read after (no lock): no registry lookup per event.
    private final Map<Settlement, Counter> settledCounters;

    public EventEngine(
            EngineSettings settings,
            EventHandling handling,
            EventSink sink,
            HandledEvents handled,
            String nodeId,
            URI source,
            ObjectMapper json,
            MeterRegistry meters,
            Tracer tracer) {
        this.settings = settings;
        this.handling = handling;
        this.sink = sink;
        this.handled = handled;
        this.nodeId = nodeId;
        this.source = source;
        this.json = json;
        this.meters = meters;
        this.tracer = tracer;
        this.admission = new Admission(settings.maxInFlight());
        this.timers = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-engine-timers");
            thread.setDaemon(true);
            return thread;
        });
        this.sequencer = new KeyedSequencer(timers);
        this.settledCounters = settledCounters(meters);
        meters.gauge("switchboard.worker.events.in.flight", admission, Admission::inUse);
        meters.gauge("switchboard.worker.events.keys.active", sequencer, KeyedSequencer::activeKeys);
        meters.gauge("switchboard.worker.dead.letters.failing", deadLettersFailing);
    }

    private static Map<Settlement, Counter> settledCounters(MeterRegistry meters) {
        Map<Settlement, Counter> counters = new EnumMap<>(Settlement.class);
        for (Settlement settlement : Settlement.values()) {
            counters.put(
                    settlement,
                    meters.counter(
                            "switchboard.worker.events.settled",
                            "settlement",
                            settlement.name().toLowerCase(Locale.ROOT)));
        }
        return Collections.unmodifiableMap(counters);
    }

    /** Lets events in: until then, submissions wait (the runtime's built-in workers are not active yet). */
    public void start() {
        started.complete(null);
    }

    public boolean isStarted() {
        return started.isDone();
    }

    /** False while a dead letter cannot be written: events of its key wait, and the node should take no more. */
    public boolean deadLettersFlowing() {
        return deadLettersFailing.get() == 0;
    }

    public Submission submit(IncomingEvent event) {
        int generation = generation(event.partition());
        CompletableFuture<Settlement> settled = new CompletableFuture<>();
        CompletionStage<Void> admitted = started.thenCompose(ready -> admission.acquire());
        admitted.thenRun(() -> sequencer
                .submit(keyOf(event), () -> process(event, generation))
                .whenComplete((settlement, failure) -> {
                    admission.release();
                    if (failure == null) {
                        settledCounters.get(settlement).increment();
                        settled.complete(settlement);
                    } else {
                        // Not reached by design (every path ends in a settlement); never leave the record hanging.
                        LOG.errorf(
                                failure,
                                "event at %s ended without a settlement; it is left to be redelivered",
                                event.origin());
                        settled.complete(Settlement.DROPPED);
                    }
                }));
        return new Submission(admitted, settled);
    }

    /** This node was given {@code endOffsets}' partitions (each with its end offset at that moment). */
    public void assigned(Map<Integer, Long> endOffsets) {
        handled.assigned(endOffsets);
    }

    /** These partitions were taken from this node: events of them that have not started yet are dropped. */
    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(partition -> generations.merge(partition, 1, Integer::sum));
        handled.revoked(partitions);
    }

    private int generation(int partition) {
        return generations.getOrDefault(partition, 0);
    }

    private boolean revoked(IncomingEvent event, int generation) {
        return event.partition() >= 0 && generation(event.partition()) != generation;
    }

    private static String keyOf(IncomingEvent event) {
        // A record without a key is ordered with nothing else.
        return event.key() != null ? event.key() : "@" + event.origin();
    }

    private CompletionStage<Settlement> process(IncomingEvent event, int generation) {
        if (revoked(event, generation)) {
            return CompletableFuture.completedFuture(Settlement.DROPPED);
        }
        if (event.event() == null) {
            InvalidEventException failure = new InvalidEventException("the record is not a CloudEvent");
            return deadLetter(event, generation, DeadLetter.INVALID_EVENT, failure, Outcome.unroutable(failure), 0);
        }
        return handled.seen(event).thenCompose(seen -> {
            if (seen) {
                LOG.debugf(
                        "event %s at %s was handled before; passed over",
                        event.event().getId(), event.origin());
                return CompletableFuture.completedFuture(Settlement.DUPLICATE);
            }
            return run(event, generation, 1);
        });
    }

    private CompletionStage<Settlement> run(IncomingEvent event, int generation, int attempt) {
        // Read once: the incoming trace is looked up in the record's metadata.
        Context parent = event.trace();
        Span span = tracer.spanBuilder("switchboard " + handling.kind(event.event()) + " handler")
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("cloudevents.event_id", event.event().getId())
                .setAttribute("switchboard.attempt", attempt)
                .startSpan();
        Context trace = parent.with(span);
        return handling.handle(event, attempt, trace).thenCompose(outcome -> {
            if (outcome.failure().orElse(null) instanceof PartitionLostException lost) {
                LOG.debugf("event %s at %s dropped: %s", event.event().getId(), event.origin(), lost.getMessage());
                span.end();
                return CompletableFuture.completedFuture(Settlement.DROPPED);
            }
            span.setAttribute("switchboard.registration", outcome.registrationId());
            span.setAttribute("switchboard.worker.version", outcome.version());
            outcome.failure().ifPresent(span::recordException);
            if (outcome.failure().isEmpty() || outcome.answered()) {
                return publish(event, generation, outcome, attempt, trace).whenComplete((done, failure) -> span.end());
            }
            span.end();
            Throwable failure = outcome.failure().get();
            String reason = reasonOf(failure);
            if (DeadLetter.HANDLER_FAILED.equals(reason)
                    && attempt < settings.maxAttempts()
                    && handling.retryable(event.event())) {
                return retry(event, generation, attempt, outcome, failure);
            }
            return deadLetter(event, generation, reason, failure, outcome, attempt);
        });
    }

    /** Runs the event again after a backoff, unless its partition went to another node meanwhile. */
    private CompletionStage<Settlement> retry(
            IncomingEvent event, int generation, int attempt, Outcome outcome, Throwable failure) {
        Duration wait = settings.backoff(attempt, ThreadLocalRandom.current().nextDouble());
        meters.counter(
                        "switchboard.worker.handler.retries",
                        "registration",
                        outcome.registrationId(),
                        "kind",
                        outcome.kind())
                .increment();
        LOG.debugf(
                "event %s failed on attempt %d (%s); retrying in %s",
                event.event().getId(), attempt, failure, wait);
        return after(wait)
                .thenCompose(waited -> revoked(event, generation)
                        ? CompletableFuture.completedFuture(Settlement.DROPPED)
                        : run(event, generation, attempt + 1));
    }

    private CompletionStage<Settlement> publish(
            IncomingEvent event, int generation, Outcome outcome, int attempt, Context trace) {
        if (outcome.outgoing().isEmpty()) {
            return handledOk(event);
        }
        return sink.publish(outcome.outgoing(), trace)
                .handle((published, failure) -> failure)
                .thenCompose(failure -> failure == null
                        ? handledOk(event)
                        : deadLetter(
                                event,
                                generation,
                                DeadLetter.PUBLISH_FAILED,
                                Failures.unwrap(failure),
                                outcome,
                                attempt));
    }

    private CompletionStage<Settlement> handledOk(IncomingEvent event) {
        handled.mark(event.event().getId());
        return CompletableFuture.completedFuture(Settlement.HANDLED);
    }

    private CompletionStage<Settlement> deadLetter(
            IncomingEvent event, int generation, String reason, Throwable failure, Outcome outcome, int attempts) {
        DeadLetter letter = DeadLetter.of(reason, failure, outcome, attempts, event, nodeId);
        meters.counter(
                        "switchboard.worker.events.dead.lettered",
                        "registration",
                        outcome.registrationId(),
                        "version",
                        outcome.version(),
                        "reason",
                        reason)
                .increment();
        LOG.warnf(
                "dead-lettering the event at %s (%s) after %d run(s): %s: %s",
                event.origin(),
                event.event() == null ? "not a CloudEvent" : event.event().getId(),
                attempts,
                reason,
                failure);
        return writeDeadLetter(event, generation, letter, false).thenCompose(written -> {
            if (!written) {
                return CompletableFuture.completedFuture(Settlement.DROPPED);
            }
            if (event.event() == null) {
                return CompletableFuture.completedFuture(Settlement.DEAD_LETTERED);
            }
            handled.mark(event.event().getId());
            return tellClient(event, letter).thenApply(told -> Settlement.DEAD_LETTERED);
        });
    }

    /**
     * Writes the dead letter until Kafka takes it, or the partition goes to another node (false): an event is
     * never acknowledged without a durable copy.
     */
    private CompletionStage<Boolean> writeDeadLetter(
            IncomingEvent event, int generation, DeadLetter letter, boolean failedBefore) {
        return sink.deadLetter(event, letter)
                .handle((written, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null || revoked(event, generation)) {
                        if (failedBefore) {
                            deadLettersFailing.decrementAndGet();
                        }
                        return CompletableFuture.completedFuture(failure == null);
                    }
                    if (!failedBefore) {
                        deadLettersFailing.incrementAndGet();
                    }
                    LOG.errorf(
                            "the dead letter of the event at %s could not be written (%s); trying again in %s",
                            event.origin(), Failures.unwrap(failure), settings.deadLetterBackoff());
                    return after(settings.deadLetterBackoff())
                            .thenCompose(waited -> writeDeadLetter(event, generation, letter, true));
                });
    }

    /** A client whose own event failed gets an {@code error} frame naming it; best effort. */
    private CompletionStage<Void> tellClient(IncomingEvent event, DeadLetter letter) {
        String clientId = SwitchboardEvents.extension(event.event(), EventExtensions.CLIENT_ID)
                .orElse(null);
        if (clientId == null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("eventId", event.event().getId());
        error.put("code", "event-failed");
        error.put("message", letter.reason() + ": " + letter.exceptionMessage());
        CloudEvent notice;
        try {
            notice = SwitchboardEvents.clientError(
                    source, clientId, event.event().getId(), json.writeValueAsBytes(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error notice could not be written as JSON", e);
        }
        return sink.publish(List.of(notice), event.trace()).exceptionally(failure -> {
            LOG.warnf(
                    "client %s could not be told that its event %s failed: %s",
                    clientId, event.event().getId(), Failures.unwrap(failure));
            return null;
        });
    }

    private static String reasonOf(Throwable failure) {
        if (failure instanceof InvalidEventException) {
            return DeadLetter.INVALID_EVENT;
        }
        if (failure instanceof HandlerDeadlineException) {
            return DeadLetter.DEADLINE;
        }
        return DeadLetter.HANDLER_FAILED;
    }

    private CompletionStage<Void> after(Duration wait) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        timers.schedule(() -> done.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        return done;
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
