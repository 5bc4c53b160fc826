package dev.switchboard.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.DeadLetterHeaders;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.testsupport.SharedInfrastructure;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;

/**
 * The engine's guarantees, driven directly (no Kafka: the test plays the consumer and the producer) with the
 * duplicate window on a real Hazelcast cluster: per-key order with concurrency across keys, the in-flight bound,
 * retries then the dead-letter path, duplicates passed over, revoked partitions dropped.
 */
class EventEngineTest {

    private static final URI GATEWAY = ServiceSources.of("gateway", "test");
    private static HazelcastInstance hazelcast;

    private final RecordingSink sink = new RecordingSink();
    private EventEngine engine;
    private HandledEvents handled;

    @BeforeAll
    static void connect() {
        var cluster = SharedInfrastructure.hazelcast();
        hazelcast = HazelcastClient.newHazelcastClient(
                HazelcastConfigs.client(cluster.clusterName(), cluster.addresses(), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void disconnect() {
        hazelcast.shutdown();
    }

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
            handled.close();
        }
    }

    private void start(int maxInFlight, int maxAttempts, Handling handling) {
        EngineSettings settings = new EngineSettings(
                maxInFlight,
                4,
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                4,
                maxAttempts,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                Duration.ofMillis(20),
                Duration.ofMillis(5),
                64);
        handled = new HandledEvents(hazelcast, settings.markFlushInterval(), settings.markBatch());
        engine = new EventEngine(
                settings,
                handling,
                sink,
                handled,
                "node-test",
                ServiceSources.of("worker-service", "t"),
                new ObjectMapper(),
                new SimpleMeterRegistry(),
                OpenTelemetry.noop().getTracer("test"));
        engine.start();
    }

    @Test
    void eventsOfOneKeyRunInOrderOneAtATimeWhileKeysRunConcurrently() {
        Map<String, List<Integer>> order = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger mostConcurrent = new AtomicInteger();
        start(64, 1, new Handling((event, attempt) -> {
            String key = SwitchboardEvents.key(event);
            assertThat(running.add(key)).as("two events of %s at once", key).isTrue();
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(
                    () -> {
                        order.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>())
                                .add(seq(event));
                        running.remove(key);
                        concurrent.decrementAndGet();
                        return ok(event);
                    },
                    CompletableFuture.delayedExecutor(
                            ThreadLocalRandom.current().nextInt(3), TimeUnit.MILLISECONDS));
        }));
        List<CompletionStage<Settlement>> settled = new ArrayList<>();
        for (int seq = 0; seq < 40; seq++) {
            for (int key = 0; key < 50; key++) {
                settled.add(submit(message("k" + key, seq), 0, seq * 50L + key));
            }
        }
        settled.forEach(s -> assertThat(s.toCompletableFuture().join()).isEqualTo(Settlement.HANDLED));
        assertThat(order).hasSize(50);
        List<Integer> expected = IntStream.range(0, 40).boxed().toList();
        order.forEach((key, seqs) -> assertThat(seqs).as(key).isEqualTo(expected));
        assertThat(mostConcurrent.get())
                .as("different keys ran at the same time")
                .isGreaterThan(1);
        assertThat(sink.published).hasSize(2000);
    }

    @Test
    void atMostMaxInFlightEventsAreAdmitted() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        start(5, 1, new Handling((event, attempt) -> release.thenApply(done -> ok(event))));
        List<EventEngine.Submission> submissions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            submissions.add(engine.submit(incoming(message("key-" + i, 0), 0, i)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> admitted(submissions) == 5);
        await().during(Duration.ofMillis(300)).until(() -> admitted(submissions) == 5);
        release.complete(null);
        submissions.forEach(
                s -> assertThat(s.settled().toCompletableFuture().join()).isEqualTo(Settlement.HANDLED));
    }

    @Test
    void aFailingHandlerIsRetriedThenDeadLetteredAndTheClientToldWhileItsKeyMovesOn() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        start(16, 3, new Handling((event, attempt) -> {
            runs.computeIfAbsent(event.getId(), id -> new AtomicInteger()).incrementAndGet();
            return CompletableFuture.completedFuture(
                    seq(event) == 0 ? failed(new IllegalStateException("boom")) : ok(event));
        }));
        CloudEvent failing = message("client-a", 0);
        CloudEvent later = message("client-a", 1);
        CompletionStage<Settlement> first = submit(failing, 0, 1);
        CompletionStage<Settlement> second = submit(later, 0, 2);

        assertThat(first.toCompletableFuture().join()).isEqualTo(Settlement.DEAD_LETTERED);
        assertThat(second.toCompletableFuture().join()).isEqualTo(Settlement.HANDLED);
        assertThat(runs.get(failing.getId())).hasValue(3);
        assertThat(runs.get(later.getId())).hasValue(1);
        DeadLetter letter = sink.deadLetters.get(failing.getId());
        assertThat(letter.reason()).isEqualTo(DeadLetter.HANDLER_FAILED);
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.exceptionType()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letter.headers())
                .containsEntry(DeadLetterHeaders.REGISTRATION, "probe")
                .containsEntry(DeadLetterHeaders.ORIGIN, "switchboard.events/0/1");
        CloudEvent error = sink.published.stream()
                .filter(e -> e.getType().equals(EventTypes.CLIENT_ERROR))
                .findFirst()
                .orElseThrow();
        assertThat(SwitchboardEvents.clientId(error)).isEqualTo("client-a");
        assertThat(new String(SwitchboardEvents.data(error), StandardCharsets.UTF_8))
                .contains(failing.getId())
                .contains("event-failed");
    }

    @Test
    void aHandlerPastItsDeadlineOrAnInvalidEventIsDeadLetteredWithoutRetry() {
        AtomicInteger runs = new AtomicInteger();
        start(16, 3, new Handling((event, attempt) -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(failed(new HandlerDeadlineException(Duration.ofSeconds(1))));
        }));
        CloudEvent slow = message("client-b", 0);
        assertThat(submit(slow, 0, 3).toCompletableFuture().join()).isEqualTo(Settlement.DEAD_LETTERED);
        assertThat(runs).hasValue(1);
        assertThat(sink.deadLetters.get(slow.getId()).reason()).isEqualTo(DeadLetter.DEADLINE);

        assertThat(submit(null, 0, 4).toCompletableFuture().join()).isEqualTo(Settlement.DEAD_LETTERED);
        assertThat(sink.undecodable).hasSize(1);
    }

    @Test
    void anEventHandledBeforeWithinTheWindowIsPassedOverButOnlyBelowTheAssignedEnd() {
        AtomicInteger runs = new AtomicInteger();
        start(16, 1, new Handling((event, attempt) -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(ok(event));
        }));
        engine.assigned(Map.of(7, 100L));
        CloudEvent event = message("client-c", 0);
        assertThat(submit(event, 7, 40).toCompletableFuture().join()).isEqualTo(Settlement.HANDLED);
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.seen(incoming(event, 7, 40))
                .toCompletableFuture()
                .join());

        assertThat(submit(event, 7, 40).toCompletableFuture().join())
                .as("redelivered")
                .isEqualTo(Settlement.DUPLICATE);
        assertThat(runs).hasValue(1);
        assertThat(submit(event, 7, 150).toCompletableFuture().join())
                .as("past the end at assignment: not looked up")
                .isEqualTo(Settlement.HANDLED);
        assertThat(runs).hasValue(2);
    }

    @Test
    void eventsOfARevokedPartitionThatHaveNotStartedAreDropped() {
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        start(16, 1, new Handling((event, attempt) -> {
            runs.incrementAndGet();
            return release.thenApply(done -> ok(event));
        }));
        CompletionStage<Settlement> running = submit(message("client-d", 0), 3, 10);
        CompletionStage<Settlement> waiting = submit(message("client-d", 1), 3, 11);
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        engine.revoked(List.of(3));
        release.complete(null);
        assertThat(running.toCompletableFuture().join()).isEqualTo(Settlement.HANDLED);
        assertThat(waiting.toCompletableFuture().join()).isEqualTo(Settlement.DROPPED);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDeadLetterKafkaRefusesIsWrittenAgainAndAPublishThatFailsForGoodIsDeadLettered() {
        start(16, 1, new Handling((event, attempt) -> CompletableFuture.completedFuture(ok(event))));
        sink.failPublishes.set(1);
        sink.refuseDeadLetters.set(true);
        CloudEvent event = message("client-e", 0);
        CompletionStage<Settlement> settled = submit(event, 0, 20);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !engine.deadLettersFlowing() && sink.deadLetterTries.get() >= 3);
        assertThat(settled.toCompletableFuture())
                .as("never acknowledged without a durable copy")
                .isNotDone();

        sink.refuseDeadLetters.set(false);
        assertThat(settled.toCompletableFuture().join()).isEqualTo(Settlement.DEAD_LETTERED);
        assertThat(engine.deadLettersFlowing()).isTrue();
        assertThat(sink.deadLetters.get(event.getId()).reason()).isEqualTo(DeadLetter.PUBLISH_FAILED);
    }

    private static int admitted(List<EventEngine.Submission> submissions) {
        return (int) submissions.stream()
                .filter(s -> s.admitted().toCompletableFuture().isDone())
                .count();
    }

    private CompletionStage<Settlement> submit(CloudEvent event, int partition, long offset) {
        return engine.submit(incoming(event, partition, offset)).settled();
    }

    private static IncomingEvent incoming(CloudEvent event, int partition, long offset) {
        String key = event == null ? "garbage" : SwitchboardEvents.key(event);
        return new TestEvent(key, partition, offset, event);
    }

    private record TestEvent(String key, int partition, long offset, CloudEvent event) implements IncomingEvent {

        @Override
        public Context trace() {
            return Context.root();
        }

        @Override
        public String origin() {
            return "switchboard.events/" + partition + "/" + offset;
        }
    }

    private static CloudEvent message(String clientId, int seq) {
        return SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", "probe", ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static int seq(CloudEvent event) {
        String json = new String(SwitchboardEvents.data(event), StandardCharsets.UTF_8);
        return Integer.parseInt(json.replaceAll("\\D", ""));
    }

    private static Outcome ok(CloudEvent event) {
        return new Outcome(
                "probe",
                "v1",
                "message",
                List.of(SwitchboardEvents.withDerivedId(
                        SwitchboardEvents.clientDelivery(
                                GATEWAY,
                                SwitchboardEvents.clientId(event),
                                event.getId(),
                                SwitchboardEvents.data(event)),
                        event.getId(),
                        0)),
                Optional.empty(),
                false);
    }

    private static Outcome failed(Throwable failure) {
        return new Outcome("probe", "v1", "message", List.of(), Optional.of(failure), false);
    }

    /** The handling under test: a function of the event and the attempt. */
    private record Handling(BiFunction<CloudEvent, Integer, CompletionStage<Outcome>> run) implements EventHandling {

        @Override
        public CompletionStage<Outcome> handle(CloudEvent event, int attempt, Context trace) {
            return run.apply(event, attempt);
        }

        @Override
        public String kind(CloudEvent event) {
            return "message";
        }

        @Override
        public boolean retryable(CloudEvent event) {
            return true;
        }
    }

    /** Records what the engine publishes and dead-letters; can be told to refuse. */
    private static final class RecordingSink implements EventSink {

        final List<CloudEvent> published = Collections.synchronizedList(new ArrayList<>());
        final Map<String, DeadLetter> deadLetters = new ConcurrentHashMap<>();
        final List<DeadLetter> undecodable = new CopyOnWriteArrayList<>();
        final AtomicInteger failPublishes = new AtomicInteger();
        final AtomicBoolean refuseDeadLetters = new AtomicBoolean();
        final AtomicInteger deadLetterTries = new AtomicInteger();

        @Override
        public CompletionStage<Void> publish(List<CloudEvent> events, Context trace) {
            if (failPublishes.getAndDecrement() > 0
                    && events.stream().noneMatch(e -> e.getType().equals(EventTypes.CLIENT_ERROR))) {
                return CompletableFuture.failedFuture(new IllegalStateException("RecordTooLargeException, say"));
            }
            published.addAll(events);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> deadLetter(IncomingEvent event, DeadLetter letter) {
            deadLetterTries.incrementAndGet();
            if (refuseDeadLetters.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
            }
            if (event.event() == null) {
                undecodable.add(letter);
            } else {
                deadLetters.put(event.event().getId(), letter);
            }
            return CompletableFuture.completedFuture(null);
        }
    }
}
