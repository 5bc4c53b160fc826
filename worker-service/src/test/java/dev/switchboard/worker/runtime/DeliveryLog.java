package dev.switchboard.worker.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SharedInfrastructure;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;

/**
 * The deliveries topic as the clients' gateway sees it, read from the beginning and kept: unlike a reader that
 * drops what it skips, each {@link #take} removes only the record it returns, so records that arrive in one
 * poll can be asserted one after the other, in order.
 */
final class DeliveryLog implements AutoCloseable {

    private final KafkaConsumer<String, CloudEvent> consumer;
    private final List<ConsumerRecord<String, CloudEvent>> unread = new ArrayList<>();

    DeliveryLog() {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedInfrastructure.kafka().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new CloudEventDeserializer());
        consumer.subscribe(List.of(Topics.DELIVERIES));
    }

    /** The first unread record that matches (earlier unread ones stay unread), or an AssertionError after {@code timeout}. */
    synchronized ConsumerRecord<String, CloudEvent> take(
            Predicate<ConsumerRecord<String, CloudEvent>> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (Iterator<ConsumerRecord<String, CloudEvent>> it = unread.iterator(); it.hasNext(); ) {
                ConsumerRecord<String, CloudEvent> record = it.next();
                if (wanted.test(record)) {
                    it.remove();
                    return record;
                }
            }
            consumer.poll(Duration.ofMillis(200)).forEach(unread::add);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching delivery within " + timeout);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
