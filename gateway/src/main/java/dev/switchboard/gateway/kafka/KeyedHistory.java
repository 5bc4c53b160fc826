package dev.switchboard.gateway.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.quarkus.logging.Log;

/**
 * Reads back what Kafka retains of one key: records of one key are in order in one partition of their topic, so that
 * partition, read from a position to its end and filtered by key, is the key's history. Client streams (resume) and
 * channels (recovery) are read this way; no copy is kept anywhere else, so a read works on any node and after the
 * death of the node that wrote to the client. Bounded: at most {@code threads} reads at once (each with a consumer
 * of its own, kept for the next read), four times as many waiting, and each read by the {@link Bounds} it is given.
 */
public final class KeyedHistory {

    /** Limits of one read: records of the key, their age, and records of the partition scanned to find them. */
    public record Bounds(int maxRecords, Duration maxAge, int maxScanned) {}

    /**
     * What a read found: the key's partition, its end offset when the read began (the next record's offset), the
     * records after the position asked for and, when not all of them could be read, why ({@code gap}; then
     * {@code found} is empty).
     */
    public record Read<T>(int partition, long end, List<T> found, String gap) {}

    /** As {@code afterOffset}: read nothing, only find the key's partition and its end. */
    public static final long END_ONLY = Long.MIN_VALUE;

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> kafka;
    private final String topic;
    private final ThreadPoolExecutor executor;
    private final ThreadLocal<KafkaConsumer<String, CloudEvent>> consumer = new ThreadLocal<>();
    private final Queue<KafkaConsumer<String, CloudEvent>> opened = new ConcurrentLinkedQueue<>();

    /** {@code kafka}: every {@code kafka.*} setting (bootstrap servers, SASL/TLS), as the channels get them. */
    public KeyedHistory(String name, Map<String, Object> kafka, String topic, int threads) {
        this.kafka = Map.copyOf(kafka);
        this.topic = topic;
        this.executor = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4), runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The records of {@code key} after {@code afterOffset} that {@code wanted} accepts, each {@code map}ped; with
     * {@code afterOffset} {@link #END_ONLY} none are read, only the partition and its end are found (-1: read
     * from the partition's first record on). Never fails: trouble is a gap.
     */
    public <T> CompletionStage<Read<T>> read(
            String key,
            long afterOffset,
            Bounds bounds,
            Predicate<CloudEvent> wanted,
            Function<ConsumerRecord<String, CloudEvent>, T> map) {
        try {
            return CompletableFuture.supplyAsync(() -> readNow(key, afterOffset, bounds, wanted, map), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    new Read<>(-1, -1, List.of(), "the node is busy replaying others"));
        }
    }

    /** The partition {@code key}'s records are in, for {@code partitions} partitions (what producers choose). */
    private static int partitionOf(String key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private <T> Read<T> readNow(
            String key,
            long afterOffset,
            Bounds bounds,
            Predicate<CloudEvent> wanted,
            Function<ConsumerRecord<String, CloudEvent>, T> map) {
        int partitionNumber = -1;
        try {
            KafkaConsumer<String, CloudEvent> reader = consumer();
            partitionNumber = partitionOf(key, reader.partitionsFor(topic).size());
            TopicPartition partition = new TopicPartition(topic, partitionNumber);
            reader.assign(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            if (afterOffset == END_ONLY || afterOffset + 1 == end) {
                return new Read<>(partitionNumber, end, List.of(), null);
            }
            if (afterOffset + 1 > end) {
                return new Read<>(partitionNumber, end, List.of(), "the position is past the end of what was written");
            }
            if (afterOffset + 1 < reader.beginningOffsets(List.of(partition)).get(partition)) {
                return new Read<>(partitionNumber, end, List.of(), "what was missed is no longer retained");
            }
            reader.seek(partition, afterOffset + 1);
            return collect(reader, partition, key, end, bounds, wanted, map);
        } catch (RuntimeException e) {
            Log.warnf("reading the history of %s in %s failed: %s", key, topic, e.getMessage());
            dropConsumer();
            return new Read<>(partitionNumber, -1, List.of(), "the replay failed");
        }
    }

    private <T> Read<T> collect(
            KafkaConsumer<String, CloudEvent> reader,
            TopicPartition partition,
            String key,
            long end,
            Bounds bounds,
            Predicate<CloudEvent> wanted,
            Function<ConsumerRecord<String, CloudEvent>, T> map) {
        List<T> found = new ArrayList<>();
        long oldestAllowed = System.currentTimeMillis() - bounds.maxAge().toMillis();
        long scanned = 0;
        while (reader.position(partition) < end) {
            for (ConsumerRecord<String, CloudEvent> record : reader.poll(POLL)) {
                if (record.offset() >= end) {
                    break;
                }
                if (++scanned > bounds.maxScanned()) {
                    return gap(partition, end, "too much was missed to replay");
                }
                if (!key.equals(record.key()) || record.value() == null || !wanted.test(record.value())) {
                    continue;
                }
                if (record.timestamp() < oldestAllowed) {
                    return gap(partition, end, "what was missed is older than " + bounds.maxAge());
                }
                if (found.size() >= bounds.maxRecords()) {
                    return gap(partition, end, "more than " + bounds.maxRecords() + " messages were missed");
                }
                found.add(map.apply(record));
            }
        }
        return new Read<>(partition.partition(), end, found, null);
    }

    private static <T> Read<T> gap(TopicPartition partition, long end, String reason) {
        return new Read<>(partition.partition(), end, List.of(), reason);
    }

    /** This thread's consumer: assigned anew for every read, never in a group, never committing. */
    private KafkaConsumer<String, CloudEvent> consumer() {
        KafkaConsumer<String, CloudEvent> mine = consumer.get();
        if (mine == null) {
            Map<String, Object> settings = new HashMap<>(kafka);
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
            mine = new KafkaConsumer<>(settings, new StringDeserializer(), new CloudEventDeserializer());
            consumer.set(mine);
            opened.add(mine);
        }
        return mine;
    }

    /** After a failure the consumer's state is unknown: the next read starts with a new one. */
    private void dropConsumer() {
        KafkaConsumer<String, CloudEvent> mine = consumer.get();
        if (mine != null) {
            consumer.remove();
            opened.remove(mine);
            mine.close(Duration.ZERO);
        }
    }

    /** Stops the reads and closes their consumers. */
    public void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (KafkaConsumer<String, CloudEvent> each = opened.poll(); each != null; each = opened.poll()) {
            each.close(Duration.ZERO);
        }
    }
}
