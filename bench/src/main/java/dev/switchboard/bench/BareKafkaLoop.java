package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The peer of the event path: the same two hops with nothing but Kafka clients, on the same broker. Clients
 * produce to a requests topic; a "worker" consumer (one group) forwards each record to a replies topic; a
 * "gateway" consumer reading every partition of it completes the waiting client. Producers use the suite's
 * settings (acks=all, idempotent, linger 1 ms), so the difference is what Switchboard adds.
 */
final class BareKafkaLoop extends ClosedLoop {

    static final String REQUESTS = "bench.requests";
    static final String REPLIES = "bench.replies";

    private final String bootstrap;
    private final byte[] payload;
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private KafkaProducer<String, byte[]> clients;

    BareKafkaLoop(String bootstrap, int payloadBytes) {
        this.bootstrap = bootstrap;
        this.payload = new byte[payloadBytes];
    }

    static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return config;
    }

    @Override
    void start(int count) {
        clients = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(), new ByteArraySerializer());
        KafkaProducer<String, byte[]> forwarder = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(),
                new ByteArraySerializer());
        String run = UUID.randomUUID().toString();
        KafkaConsumer<String, byte[]> worker = consumer("bench-worker-" + run);
        worker.subscribe(List.of(REQUESTS));
        KafkaConsumer<String, byte[]> gateway = consumer("bench-gateway-" + run);
        List<TopicPartition> replies = new ArrayList<>();
        for (PartitionInfo info : gateway.partitionsFor(REPLIES)) {
            replies.add(new TopicPartition(REPLIES, info.partition()));
        }
        gateway.assign(replies);
        gateway.seekToEnd(replies);
        replies.forEach(gateway::position);
        AtomicBoolean workerReady = new AtomicBoolean();
        threads.add(loop("bench-worker", () -> {
            for (ConsumerRecord<String, byte[]> record : worker.poll(Duration.ofMillis(100))) {
                forwarder.send(new ProducerRecord<>(REPLIES, record.key(), record.value()));
            }
            if (!workerReady.get() && !worker.assignment().isEmpty()) {
                // Resolves "latest" for every partition now, so no request sent from here on is skipped.
                worker.assignment().forEach(worker::position);
                workerReady.set(true);
            }
        }, worker, forwarder));
        threads.add(loop("bench-gateway", () -> {
            for (ConsumerRecord<String, byte[]> record : gateway.poll(Duration.ofMillis(100))) {
                Long sent = waiting.remove(record.key());
                if (sent != null) {
                    replied(sent);
                    send(record.key());
                }
            }
        }, gateway, null));
        // The worker's group must own the partitions before the first request, or it starts after it.
        while (!workerReady.get()) {
            Thread.onSpinWait();
        }
        for (int i = 0; i < count; i++) {
            send(run + "-" + i);
        }
    }

    private void send(String client) {
        waiting.put(client, System.nanoTime());
        clients.send(new ProducerRecord<>(REQUESTS, client, payload));
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Thread loop(String name, Runnable body, KafkaConsumer<?, ?> consumer, KafkaProducer<?, ?> producer) {
        Thread thread = new Thread(() -> {
            try {
                while (running.get()) {
                    body.run();
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
                if (producer != null) {
                    producer.close(Duration.ofSeconds(5));
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        clients.close(Duration.ofSeconds(5));
    }
}
