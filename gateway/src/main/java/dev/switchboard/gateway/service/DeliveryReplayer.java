package dev.switchboard.gateway.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.protocol.StreamPosition;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;

/**
 * Replays what a resuming client missed, straight from Kafka. A client's deliveries are keyed by its id, so
 * they sit in order in one partition of the deliveries topic: that partition, read from the client's last
 * offset to its end, is the retained stream. No copy is kept anywhere else, so a resume works on any node and
 * after the death of the node the client was on. Bounded by count, age and records read (see config).
 */
@ApplicationScoped
public class DeliveryReplayer {

    /** What a replay found: the deliveries to send and, if not all could be replayed, the reset to send first. */
    public record Replay(List<StreamDelivery> deliveries, ServerFrame gap) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    /** Every {@code kafka.*} setting (bootstrap servers, and SASL/TLS when configured), as the channels get them. */
    private final Map<String, Object> kafka;
    private final String topic;
    private final GatewayConfig.Resume limits;
    private final Frames frames;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor executor;

    public DeliveryReplayer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "switchboard.topic.deliveries") String topic, GatewayConfig config, Frames frames,
            MeterRegistry meters) {
        this.kafka = Map.copyOf(kafka);
        this.topic = topic;
        this.limits = config.resume();
        this.frames = frames;
        this.meters = meters;
        this.executor = new ThreadPoolExecutor(limits.maxConcurrent(), limits.maxConcurrent(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.maxConcurrent() * 4), runnable -> {
                    Thread thread = new Thread(runnable, "switchboard-replay");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The deliveries of {@code clientId} after {@code afterOffset}; completes with a gap when over a limit. */
    public CompletionStage<Replay> replay(String clientId, long afterOffset) {
        try {
            return CompletableFuture.supplyAsync(() -> read(clientId, afterOffset), executor);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(gap("the node is busy replaying other clients"));
        }
    }

    private Replay read(String clientId, long afterOffset) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new CloudEventDeserializer())) {
            int partitions = consumer.partitionsFor(topic).size();
            TopicPartition partition = new TopicPartition(topic, BuiltInPartitioner.partitionForKey(
                    clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8), partitions));
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long start = consumer.beginningOffsets(List.of(partition)).get(partition);
            if (afterOffset + 1 < start) {
                return gap("what was missed is no longer retained");
            }
            consumer.seek(partition, afterOffset + 1);
            return collect(consumer, partition, clientId, end);
        } catch (RuntimeException e) {
            Log.warnf("replay for client %s failed: %s", clientId, e.getMessage());
            return gap("the replay failed");
        }
    }

    private Replay collect(KafkaConsumer<String, CloudEvent> consumer, TopicPartition partition, String clientId,
            long end) {
        List<StreamDelivery> found = new ArrayList<>();
        long oldestAllowed = System.currentTimeMillis() - limits.maxAge().toMillis();
        long scanned = 0;
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(POLL)) {
                if (record.offset() >= end) {
                    break;
                }
                if (++scanned > limits.maxScannedRecords()) {
                    return gap("too much was missed to replay");
                }
                if (!clientId.equals(record.key()) || !isClientDelivery(record.value())) {
                    continue;
                }
                if (record.timestamp() < oldestAllowed) {
                    return gap("what was missed is older than the resume window");
                }
                if (found.size() >= limits.maxEvents()) {
                    return gap("more than " + limits.maxEvents() + " messages were missed");
                }
                found.add(delivery(clientId, record));
            }
        }
        meters.counter("switchboard.gateway.resumes", "outcome", "replayed").increment();
        return new Replay(found, null);
    }

    private StreamDelivery delivery(String clientId, ConsumerRecord<String, CloudEvent> record) {
        return new StreamDelivery(record.offset(), record.value().getId(),
                frames.delivery(new StreamPosition(clientId, record.offset()), record.value()));
    }

    private static boolean isClientDelivery(CloudEvent event) {
        return event != null && EventTypes.CLIENT_DELIVERY.equals(event.getType());
    }

    private Replay gap(String reason) {
        meters.counter("switchboard.gateway.resumes", "outcome", "reset").increment();
        return new Replay(List.of(), frames.reset(reason));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
