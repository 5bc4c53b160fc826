package dev.switchboard.worker.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.DeadLetterHeaders;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.worker.engine.HandledEvents;

/**
 * Reads the dead-letter topic from where the last replay stopped (consumer group {@link #GROUP}), and either lists
 * what is there or replays it: each record goes back to {@link Topics#EVENTS} as it originally was (same key,
 * value and headers, without the {@code switchboard-dlq-*} ones, with {@link DeadLetterHeaders#REPLAYED_FROM}),
 * its id is forgotten by the duplicate window so that it is handled again, and the group's offsets move past it
 * once Kafka has the copy. One replay at a time in the cluster (a Hazelcast lock).
 */
public final class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    /** The consumer group whose committed offsets say what has been replayed. */
    public static final String GROUP = "switchboard-dead-letter-replay";

    private static final String LOCK = "dead-letter-replay";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FORGET_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Object> kafka;
    private final HandledEvents handled;
    private final IMap<String, String> locks;

    /** One dead letter as the admin API lists it. */
    public record Letter(String origin, String key, String eventId, String type, Map<String, String> failure) {}

    /** @param kafka the service's Kafka client settings (bootstrap servers, security) */
    public DeadLetterReplay(Map<String, Object> kafka, HandledEvents handled, HazelcastInstance hazelcast) {
        this.kafka = kafka;
        this.handled = handled;
        this.locks = hazelcast.getMap(HazelcastNames.TRANSITIONS);
    }

    /** Up to {@code max} dead letters not replayed yet, oldest first per partition; nothing is committed. */
    public List<Letter> list(int max) {
        List<Letter> letters = new ArrayList<>();
        read(max, record -> letters.add(letter(record)), false);
        return letters;
    }

    /**
     * Replays up to {@code max} dead letters; empty when another replay is running in the cluster, else how many
     * went back to the events topic.
     */
    public Optional<Integer> replay(int max) {
        if (!locks.tryLock(LOCK)) {
            return Optional.empty();
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            int[] replayed = {0};
            read(
                    max,
                    record -> {
                        Headers headers = new RecordHeaders();
                        for (Header header : record.headers()) {
                            if (!DeadLetterHeaders.ALL.contains(header.key())) {
                                headers.add(header);
                            }
                        }
                        String origin = record.topic() + "/" + record.partition() + "/" + record.offset();
                        headers.add(DeadLetterHeaders.REPLAYED_FROM, origin.getBytes(StandardCharsets.UTF_8));
                        eventId(record).ifPresent(this::forget);
                        try {
                            producer.send(new ProducerRecord<>(
                                            Topics.EVENTS, null, record.key(), record.value(), headers))
                                    .get(FORGET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while replaying " + origin, e);
                        } catch (ExecutionException | TimeoutException e) {
                            throw new IllegalStateException("the dead letter " + origin + " could not be replayed", e);
                        }
                        replayed[0]++;
                    },
                    true);
            LOG.infof("replayed %d dead letters to %s", replayed[0], Topics.EVENTS);
            return Optional.of(replayed[0]);
        } finally {
            locks.unlock(LOCK);
        }
    }

    private interface RecordAction {
        void accept(ConsumerRecord<String, byte[]> record);
    }

    /** Reads from the group's position up to the end as it is now, at most {@code max} records. */
    private void read(int max, RecordAction action, boolean commit) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.EVENTS_DEAD_LETTER)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> next = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                if (at == null) {
                    consumer.seekToBeginning(List.of(partition));
                    next.put(partition, consumer.position(partition));
                } else {
                    consumer.seek(partition, at.offset());
                    next.put(partition, at.offset());
                }
            }
            int seen = 0;
            while (seen < max && next.entrySet().stream().anyMatch(e -> e.getValue() < ends.get(e.getKey()))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (seen >= max || record.offset() >= ends.get(partition)) {
                        continue;
                    }
                    action.accept(record);
                    seen++;
                    next.put(partition, record.offset() + 1);
                    if (commit) {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
            }
        }
    }

    private void forget(String eventId) {
        try {
            handled.forget(eventId).toCompletableFuture().get(FORGET_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while clearing the duplicate mark of " + eventId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the duplicate mark of " + eventId + " could not be cleared", e);
        }
    }

    private static Letter letter(ConsumerRecord<String, byte[]> record) {
        Map<String, String> failure = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (DeadLetterHeaders.ALL.contains(header.key())) {
                failure.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return new Letter(
                record.topic() + "/" + record.partition() + "/" + record.offset(),
                record.key(),
                eventId(record).orElse(null),
                text(record, "ce_type").orElse(null),
                failure);
    }

    private static Optional<String> eventId(ConsumerRecord<String, byte[]> record) {
        return text(record, "ce_id");
    }

    private static Optional<String> text(ConsumerRecord<String, byte[]> record, String header) {
        Header value = record.headers().lastHeader(header);
        return value == null ? Optional.empty() : Optional.of(new String(value.value(), StandardCharsets.UTF_8));
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
