package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The peer of the event path: the same two hops with nothing but Kafka clients, on the same broker. Clients
 * produce to a requests topic; a "worker" (one consumer group) forwards each record to a replies topic; a
 * "gateway" consumer reading every partition of it completes the waiting client. Producers use the suite's
 * settings (acks=all, idempotent, linger 1 ms), so the difference is what Switchboard adds. Each run has topics
 * of its own, with the partition count of {@code switchboard.events}. The worker hop is a plain consumer loop
 * here, or Confluent's parallel-consumer ({@link ParallelWorkerHop}).
 */
class BareKafkaLoop extends ClosedLoop {

    private final String bootstrap;
    private final int partitions;
    private final byte[] payload;
    private final String run = UUID.randomUUID().toString();
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private KafkaProducer<String, byte[]> clients;

    BareKafkaLoop(String bootstrap, int partitions, int payloadBytes) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.payload = new byte[payloadBytes];
    }

    @Override
    String requestTopic() {
        return requests();
    }

    @Override
    String replyTopic() {
        return replies();
    }

    protected String requests() {
        return "bench.requests." + run;
    }

    protected String replies() {
        return "bench.replies." + run;
    }

    protected Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return config;
    }

    protected KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
    }

    protected KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The topics this run creates and deletes: its own two. */
    protected List<String> ownTopics() {
        return List.of(requests(), replies());
    }

    /** The record a client sends as its next request: the payload, keyed by the client. */
    protected ProducerRecord<String, byte[]> request(String client) {
        return new ProducerRecord<>(requests(), client, payload);
    }

    /**
     * A partition just created may refuse its first records (NOT_LEADER_OR_FOLLOWER), and an idempotent producer
     * retrying them can then stall for good on OUT_OF_ORDER_SEQUENCE_NUMBER (seen under load): a plain producer
     * puts one record on every partition first, retrying until each has its leader.
     */
    private void awaitLeaders() throws Exception {
        Map<String, Object> config = new HashMap<>(producerConfig());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, byte[]> probe =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String topic : ownTopics()) {
                for (int partition = 0; partition < partitions; partition++) {
                    sent.add(probe.send(new ProducerRecord<>(topic, partition, "probe", new byte[0])));
                }
            }
            for (Future<RecordMetadata> record : sent) {
                record.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    void start(int count) throws Exception {
        if (!ownTopics().isEmpty()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(ownTopics().stream()
                                .map(topic -> new NewTopic(topic, partitions, (short) 1))
                                .toList())
                        .all()
                        .get();
            }
            awaitLeaders();
        }
        clients = producer();
        KafkaConsumer<String, byte[]> gateway = consumer("bench-gateway-" + run);
        List<TopicPartition> assigned = gateway.partitionsFor(replies()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        gateway.assign(assigned);
        // From the end: a topic of the suite's holds the records of earlier runs.
        gateway.seekToEnd(assigned);
        assigned.forEach(gateway::position);
        startWorker("bench-worker-" + run);
        threads.add(loop(
                "bench-gateway",
                () -> {
                    for (ConsumerRecord<String, byte[]> record : gateway.poll(Duration.ofMillis(100))) {
                        Long sent = waiting.remove(record.key());
                        if (sent != null) {
                            replied(sent);
                            send(record.key());
                        }
                    }
                },
                gateway::close));
        for (int i = 0; i < count; i++) {
            send(run + "-" + i);
        }
    }

    /** Starts the worker hop in consumer group {@code group}: a plain poll loop forwarding each record. */
    protected void startWorker(String group) {
        KafkaProducer<String, byte[]> forwarder = producer();
        KafkaConsumer<String, byte[]> worker = consumer(group);
        worker.subscribe(List.of(requests()));
        threads.add(loop(
                "bench-worker",
                () -> {
                    for (ConsumerRecord<String, byte[]> record : worker.poll(Duration.ofMillis(100))) {
                        forwarder.send(new ProducerRecord<>(replies(), record.key(), record.value()));
                    }
                    worker.commitAsync();
                },
                () -> {
                    worker.close();
                    forwarder.close();
                }));
    }

    private void send(String client) {
        waiting.put(client, System.nanoTime());
        clients.send(request(client));
    }

    private Thread loop(String name, Runnable body, Runnable closing) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (running.get()) {
                            body.run();
                        }
                    } finally {
                        closing.run();
                    }
                },
                name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        clients.close(Duration.ofSeconds(5));
        if (!ownTopics().isEmpty()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.deleteTopics(ownTopics()).all().get();
            }
        }
    }
}
