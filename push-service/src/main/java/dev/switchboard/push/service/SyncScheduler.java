package dev.switchboard.push.service;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.SyncMessages;
import dev.switchboard.contract.event.SyncMessages.AttemptMade;
import dev.switchboard.contract.event.SyncMessages.Registration;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.settings.SyncLimits;
import dev.switchboard.push.config.PushConfig;
import io.cloudevents.CloudEvent;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Background sync: attempts each registered sync on its worker until one attempt succeeds or its retention ends,
 * the last attempt with {@code lastChance}, then puts it on the dead-letter topic.
 *
 * <p>
 * Durable like Web Push delivery: a registration record of {@code switchboard.sync} is acknowledged only once its
 * sync has settled (succeeded, or dead-lettered), so a node that dies leaves it to the node that takes its
 * partition. The attempts made so far are kept in Hazelcast, so that node continues the count (and the backoff and
 * retention, which run from the registration's time) instead of starting over; a settled sync is remembered for
 * twice its retention, so a record delivered again after a crash is not attempted again.
 *
 * <p>
 * Per-user quota: a user has at most {@code max-per-user} syncs registered and not settled, counted cluster-wide
 * under a per-user lock; a sync past it is dead-lettered at once with {@code quota-exceeded} as its reason, so one
 * user cannot fill the scheduler (and every worker's sync handler) for everyone else.
 *
 * <p>
 * An attempt is a {@code dev.switchboard.sync.attempt} event for the worker ({@link SyncMessages}), naming this node
 * in {@code replyto}; the worker answers on {@code switchboard.sync.outcomes}, which every node reads, keeping its
 * own answers. An attempt whose answer does not come within {@code attempt-timeout} failed. The syncs of one tag of one user run one
 * after the other, in the order they were registered (they share a partition, and a chain here).
 */
@ApplicationScoped
public class SyncScheduler {

    private record Outcome(String kind, String error) {
        static final String SUCCEEDED = "succeeded";
        static final String FAILED = "failed";
        static final String TIMEOUT = "timeout";
        static final String STARTED = "started";
    }

    private static final TypeReference<List<AttemptMade>> ATTEMPTS = new TypeReference<>() {};
    static final String DEAD = "dead";
    static final String QUOTA_EXCEEDED = "quota-exceeded";

    private final WorkerEventPublisher events;
    private final MutinyEmitter<CloudEvent> deadLetters;
    private final IMap<String, String> progress;
    private final IMap<String, String> settled;
    private final IMap<String, String> pending;
    private final PushMetrics metrics;
    private final ObjectMapper json;
    private final PushConfig.Sync config;
    private final int maxPayloadBytes;
    private final String nodeId;
    private final URI source;
    private final Semaphore inFlight;
    /** The last sync of each tag on this node: the next one of the tag starts when it ends. Guarded by itself. */
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
    private final Executor executor = Infrastructure.getDefaultWorkerPool();

    public SyncScheduler(
            WorkerEventPublisher events,
            @Channel(Channels.SYNC_DEAD_LETTER) MutinyEmitter<CloudEvent> deadLetters,
            HazelcastInstance hazelcast,
            PushMetrics metrics,
            ObjectMapper json,
            PushConfig config,
            SyncLimits limits) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.progress = hazelcast.getMap(HazelcastNames.SYNC_PROGRESS);
        this.settled = hazelcast.getMap(HazelcastNames.SYNC_SETTLED);
        this.pending = hazelcast.getMap(HazelcastNames.SYNC_PENDING);
        this.pending.addIndex(IndexType.HASH, "this");
        this.metrics = metrics;
        this.json = json;
        this.config = config.sync();
        this.maxPayloadBytes = limits.maxPayloadBytes();
        this.nodeId = config.nodeId();
        this.source = ServiceSources.of("push-service", config.nodeId());
        this.inFlight = new Semaphore(config.sync().maxInFlight());
    }

    @Incoming(Channels.SYNC)
    @Blocking
    public CompletionStage<Void> consume(Message<CloudEvent> message) throws InterruptedException {
        Optional<Registration> read = read(message.getPayload());
        if (read.isEmpty()) {
            metrics.syncSettled("invalid");
            return message.ack();
        }
        Registration sync = read.get();
        metrics.syncRegistered();
        if (!admitted(sync)) {
            String reason = QUOTA_EXCEEDED + ": user " + sync.userId() + " already has " + config.maxPerUser()
                    + " syncs registered and not settled (switchboard.push.sync.max-per-user)";
            return dead(sync, List.of(), reason, QUOTA_EXCEEDED).thenCompose(settledNow -> message.ack());
        }
        inFlight.acquire();
        CompletableFuture<Void> run = afterTheTagsLast(sync);
        run.whenComplete((ok, failure) -> {
            synchronized (tails) {
                tails.remove(sync.key(), run);
            }
            inFlight.release();
            if (failure != null) {
                // A bug, not an outcome: the nack fails the channel and the record is consumed again after a restart.
                Log.errorf(failure, "sync %s failed unexpectedly", sync.syncId());
                message.nack(failure);
            } else {
                message.ack();
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /** A worker's outcome: completes the attempt waiting for it, when it is this node's. */
    @Incoming(Channels.SYNC_OUTCOMES)
    public CompletionStage<Void> outcome(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        try {
            if (event != null
                    && EventTypes.SYNC_OUTCOME.equals(event.getType())
                    && nodeId.equals(SwitchboardEvents.key(event))) {
                SyncMessages.Outcome data = SyncMessages.readOutcome(event);
                CompletableFuture<Outcome> answer = waiting.get(data.attemptId());
                if (answer != null) {
                    answer.complete(
                            data.succeeded()
                                    ? new Outcome(Outcome.SUCCEEDED, null)
                                    : new Outcome(
                                            Outcome.FAILED,
                                            data.error() == null ? "the handler failed" : data.error()));
                }
            }
        } catch (InvalidEventException e) {
            Log.warnf("passing over a sync outcome that breaks the contract: %s", e.getMessage());
        }
        return message.ack();
    }

    /** Counts {@code sync} against its user's quota; false when the user is at it (a redelivered sync is counted once). */
    private boolean admitted(Registration sync) {
        String user = sync.userId();
        return ClusterLocks.locked(pending, ClusterLocks.userLock(user), "the syncs of user " + user, () -> {
            if (pending.containsKey(sync.syncId()) || settled.containsKey(sync.syncId())) {
                return true; // counted already, or settled before a crash: start() passes it over
            }
            if (pending.keySet(Predicates.equal("this", user)).size() >= config.maxPerUser()) {
                return false;
            }
            pending.set(sync.syncId(), user, retained(), TimeUnit.MILLISECONDS);
            return true;
        });
    }

    private CompletableFuture<Void> afterTheTagsLast(Registration sync) {
        synchronized (tails) {
            CompletableFuture<Void> previous = tails.getOrDefault(sync.key(), CompletableFuture.completedFuture(null));
            CompletableFuture<Void> run =
                    previous.handle((ok, failure) -> null).thenComposeAsync(ignored -> start(sync), executor);
            tails.put(sync.key(), run);
            return run;
        }
    }

    private CompletableFuture<Void> start(Registration sync) {
        if (settled.containsKey(sync.syncId())) {
            Log.debugf("sync %s settled before; not attempted again", sync.syncId());
            return CompletableFuture.completedFuture(null);
        }
        return attempt(sync, attemptsOf(sync.syncId()));
    }

    private CompletableFuture<Void> attempt(Registration sync, List<AttemptMade> made) {
        long now = System.currentTimeMillis();
        int number = made.size() + 1;
        long end = sync.registeredAtEpochMillis() + config.retention().toMillis();
        if (number > config.maxAttempts()) {
            return dead(sync, made, "every attempt failed", DEAD);
        }
        if (now >= end) {
            return dead(sync, made, "its retention ended", DEAD);
        }
        // Last when no further attempt is allowed, or the next one would fall after the retention.
        boolean lastChance =
                number >= config.maxAttempts() || now + backoff(number).toMillis() >= end;
        String attemptId = sync.syncId() + "#" + number;
        // Counted before it is sent: a node that takes over after a crash does not give it one more try.
        List<AttemptMade> started = with(made, new AttemptMade(number, now, Outcome.STARTED, null));
        progress.set(sync.syncId(), write(started), retained(), TimeUnit.MILLISECONDS);
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        waiting.put(attemptId, answer);
        events.publish(attemptEvent(sync, attemptId, number, lastChance))
                .subscribeAsCompletionStage()
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        answer.complete(new Outcome(
                                Outcome.FAILED, "the attempt was not accepted by Kafka: " + failure.getMessage()));
                    }
                });
        return answer.completeOnTimeout(
                        new Outcome(Outcome.TIMEOUT, "no outcome within " + config.attemptTimeout()),
                        config.attemptTimeout().toMillis(),
                        TimeUnit.MILLISECONDS)
                .thenComposeAsync(
                        outcome -> {
                            waiting.remove(attemptId);
                            metrics.syncAttempt(outcome.kind());
                            List<AttemptMade> done =
                                    with(made, new AttemptMade(number, now, outcome.kind(), outcome.error()));
                            if (Outcome.SUCCEEDED.equals(outcome.kind())) {
                                return settle(sync, "succeeded");
                            }
                            Log.infof(
                                    "sync %s (%s): attempt %d failed: %s",
                                    sync.syncId(), sync.key(), number, outcome.error());
                            if (lastChance) {
                                return dead(sync, done, "the last attempt failed", DEAD);
                            }
                            progress.set(sync.syncId(), write(done), retained(), TimeUnit.MILLISECONDS);
                            Executor later = CompletableFuture.delayedExecutor(
                                    backoff(number).toMillis(), TimeUnit.MILLISECONDS, executor);
                            return CompletableFuture.supplyAsync(() -> attempt(sync, done), later)
                                    .thenCompose(next -> next);
                        },
                        executor);
    }

    /** {@code initial-backoff} doubled per failed attempt, capped at {@code max-backoff}. */
    Duration backoff(int attempt) {
        Duration wait = config.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private CompletableFuture<Void> dead(Registration sync, List<AttemptMade> attempts, String reason, String outcome) {
        CloudEvent event = SyncMessages.deadLetterEvent(source, SyncMessages.DeadLetter.of(sync, reason, attempts));
        Log.warnf("sync %s (%s) goes to the dead-letter topic: %s", sync.syncId(), sync.key(), reason);
        return WorkerEventPublisher.send(deadLetters, event)
                .subscribeAsCompletionStage()
                .thenComposeAsync(written -> settle(sync, outcome), executor);
    }

    private CompletableFuture<Void> settle(Registration sync, String outcome) {
        settled.set(sync.syncId(), outcome, 2 * config.retention().toMillis(), TimeUnit.MILLISECONDS);
        progress.delete(sync.syncId());
        pending.delete(sync.syncId());
        metrics.syncSettled(outcome);
        Log.debugf("sync %s settled: %s", sync.syncId(), outcome);
        return CompletableFuture.completedFuture(null);
    }

    private CloudEvent attemptEvent(Registration sync, String attemptId, int number, boolean lastChance) {
        return SyncMessages.attemptEvent(
                source,
                nodeId,
                sync,
                new SyncMessages.Attempt(sync.syncId(), attemptId, sync.tag(), sync.payload(), number, lastChance));
    }

    private Optional<Registration> read(CloudEvent event) {
        try {
            return Optional.of(SyncMessages.readRegistration(event, maxPayloadBytes));
        } catch (InvalidEventException e) {
            Log.warnf("passing over a record of %s: %s", Channels.SYNC, e.getMessage());
            return Optional.empty();
        }
    }

    private List<AttemptMade> attemptsOf(String syncId) {
        String recorded = progress.get(syncId);
        if (recorded == null) {
            return List.of();
        }
        try {
            return json.readValue(recorded, ATTEMPTS);
        } catch (JsonProcessingException e) {
            Log.warnf("the progress of sync %s is unreadable; counting its attempts from 1", syncId);
            return List.of();
        }
    }

    private long retained() {
        return 2 * config.retention().toMillis();
    }

    private static List<AttemptMade> with(List<AttemptMade> made, AttemptMade next) {
        List<AttemptMade> all = new ArrayList<>(made);
        all.add(next);
        return all;
    }

    /** The progress record: the attempts made so far, as JSON. */
    private String write(List<AttemptMade> attempts) {
        try {
            return json.writeValueAsString(attempts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sync's progress could not be written as JSON", e);
        }
    }
}
