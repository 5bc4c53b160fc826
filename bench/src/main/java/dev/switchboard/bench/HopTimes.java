package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where a round trip's time goes, from the records themselves: every record carries its producer's send time
 * (CreateTime, in milliseconds). In a closed loop each key has one request and then one reply at a time, so per
 * key the reply's time minus its request's is the <em>worker hop</em> (request produced → consumed → handled →
 * reply produced), and the next request's time minus the reply's is the <em>edge</em> (reply consumed → written to
 * the client → the client's next message → produced). Reads both topics from their ends, outside any group.
 */
final class HopTimes implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String requests;
    private final Map<String, Long> lastRequest = new HashMap<>();
    private final Map<String, Long> lastReply = new HashMap<>();
    private final Latencies workerHop = new Latencies();
    private final Latencies edge = new Latencies();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    HopTimes(String bootstrap, String requests, String replies) {
        this.requests = requests;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-hops-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(requests, replies)) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.reader = new Thread(this::read, "bench-hop-times");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                String key = record.key();
                long at = record.timestamp();
                if (record.topic().equals(requests)) {
                    Long reply = lastReply.remove(key);
                    if (reply != null) {
                        edge.add(Duration.ofMillis(at - reply).toNanos());
                    }
                    lastRequest.put(key, at);
                } else {
                    Long request = lastRequest.remove(key);
                    if (request != null) {
                        workerHop.add(Duration.ofMillis(at - request).toNanos());
                        lastReply.put(key, at);
                    }
                }
            }
        }
    }

    /** Stops reading and says what it saw: the medians and 99th percentiles of both halves. */
    String stop() throws InterruptedException {
        running.set(false);
        reader.join(10_000);
        return String.format(
                "worker hop p50 %.0f ms p99 %.0f ms (%d), edge p50 %.0f ms p99 %.0f ms (%d)",
                workerHop.millis(0.5),
                workerHop.millis(0.99),
                workerHop.count(),
                edge.millis(0.5),
                edge.millis(0.99),
                edge.count());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
