package dev.switchboard.worker.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;

/**
 * The duplicate window: the ids of events this cluster finished, kept in {@link HazelcastNames#HANDLED_EVENTS}
 * (the members bound it by time and size). Marks are written in batches, off the event's path.
 *
 * <p>Looking an event up costs a round trip, so only events that may have been handled before are looked up: those
 * below the end of their partition at the moment this node was given it (an earlier owner may have handled them
 * without committing). What arrives after the assignment was never seen by anyone else. Events whose position is
 * unknown are always looked up.
 */
public final class HandledEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HandledEvents.class);

    private final IMap<String, Long> handled;
    private final int maxBatch;
    private final Map<Integer, Long> uncertainBelow = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unwritten = new ConcurrentLinkedQueue<>();
    private final AtomicInteger unwrittenCount = new AtomicInteger();
    private final ScheduledExecutorService flusher;

    public HandledEvents(HazelcastInstance hazelcast, Duration flushInterval, int maxBatch) {
        this.handled = hazelcast.getMap(HazelcastNames.HANDLED_EVENTS);
        this.maxBatch = maxBatch;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-handled-events");
            thread.setDaemon(true);
            return thread;
        });
        long every = flushInterval.toNanos();
        flusher.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.NANOSECONDS);
    }

    /** This node was given these partitions; each value is the partition's end offset at that moment. */
    public void assigned(Map<Integer, Long> endOffsets) {
        uncertainBelow.putAll(endOffsets);
    }

    public void revoked(Iterable<Integer> partitions) {
        partitions.forEach(uncertainBelow::remove);
    }

    /** True when the event was handled before (by any node) within the window. */
    public CompletionStage<Boolean> seen(IncomingEvent event) {
        Long uncertain = event.partition() < 0 ? null : uncertainBelow.get(event.partition());
        if (uncertain != null && event.offset() >= uncertain) {
            return CompletableFuture.completedFuture(false);
        }
        return handled.getAsync(event.event().getId())
                .thenApply(mark -> mark != null)
                .exceptionally(failure -> {
                    LOG.warnf(
                            "the duplicate window could not be read (%s); handling event %s",
                            failure.getMessage(), event.event().getId());
                    return false;
                });
    }

    /** Remembers that {@code eventId} is finished; written with the next batch. */
    public void mark(String eventId) {
        unwritten.add(eventId);
        if (unwrittenCount.incrementAndGet() >= maxBatch) {
            flusher.execute(this::flush);
        }
    }

    /** Forgets {@code eventId}, so that a replay of it is handled again. */
    public CompletionStage<Void> forget(String eventId) {
        return handled.deleteAsync(eventId).thenApply(deleted -> null);
    }

    private void flush() {
        Map<String, Long> batch = new HashMap<>();
        long now = System.currentTimeMillis();
        String id;
        while (batch.size() < maxBatch && (id = unwritten.poll()) != null) {
            unwrittenCount.decrementAndGet();
            batch.put(id, now);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            handled.putAllAsync(batch).exceptionally(failure -> {
                LOG.warnf(
                        "%d handled-event marks could not be written: %s (a redelivery of them would be handled "
                                + "again; receivers drop the repeated deliveries by id)",
                        batch.size(), failure.getMessage());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("%d handled-event marks could not be written: %s", batch.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flush();
        flusher.shutdown();
    }
}
