package dev.switchboard.testsupport.clients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;

/** Reads and writes CloudEvents on a topic the way the services do, so a test can stand in for one of them. */
public final class TestTopic implements AutoCloseable {

    private final String bootstrapServers;
    private final String topic;
    private final KafkaConsumer<String, CloudEvent> consumer;

    /** Reads {@code topic} from its beginning in a fresh consumer group. */
    public TestTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new CloudEventDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** The first record that matches, or an AssertionError after {@code timeout}. */
    public ConsumerRecord<String, CloudEvent> await(
            Predicate<ConsumerRecord<String, CloudEvent>> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                if (wanted.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout);
    }

    /**
     * Every record that matches, in the order read, until {@code count} have come; an AssertionError naming how
     * many came if they do not within {@code timeout}.
     */
    public List<ConsumerRecord<String, CloudEvent>> awaitAll(
            Predicate<ConsumerRecord<String, CloudEvent>> wanted, int count, Duration timeout) {
        List<ConsumerRecord<String, CloudEvent>> matched = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matched.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, CloudEvent> record : consumer.poll(Duration.ofMillis(200))) {
                if (wanted.test(record)) {
                    matched.add(record);
                }
            }
        }
        if (matched.size() < count) {
            throw new AssertionError(
                    matched.size() + " of " + count + " matching records on " + topic + " within " + timeout);
        }
        return matched;
    }

    /** Sends an event keyed as the contract says and waits until the broker has it. */
    public void send(CloudEvent event) {
        send(event, Map.of());
    }

    /** The same, with extra record headers (a {@code traceparent}, say). */
    public void send(CloudEvent event, Map<String, String> headers) {
        ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(topic, SwitchboardEvents.key(event), event);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        sendRecord(record);
    }

    /** Sends many events in one producer session and waits until the broker has all of them. */
    public void sendAll(List<CloudEvent> events) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new CloudEventSerializer())) {
            var sent = events.stream()
                    .map(event -> producer.send(new ProducerRecord<>(topic, SwitchboardEvents.key(event), event)))
                    .toList();
            for (var future : sent) {
                future.get();
            }
        } catch (Exception e) {
            throw new AssertionError("cannot send to " + topic, e);
        }
    }

    /** Sends raw bytes that are not a CloudEvent, as a misbehaving producer would. */
    public void sendGarbage(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("cannot send to " + topic, e);
        }
    }

    private void sendRecord(ProducerRecord<String, CloudEvent> record) {
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(),
                new CloudEventSerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("cannot send to " + topic, e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
