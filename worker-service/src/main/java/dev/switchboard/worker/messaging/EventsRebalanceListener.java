package dev.switchboard.worker.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import dev.switchboard.worker.engine.EventEngine;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tells the engine which partitions of the events topic this node holds: events of a partition taken away are
 * dropped before they start (its new owner runs them), and a partition given to this node starts with the end
 * offset below which earlier owners may have handled events already (the duplicate window is read there only).
 */
@ApplicationScoped
@Identifier(EventsRebalanceListener.NAME)
public class EventsRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.events.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "switchboard-events-rebalance";

    private final EventEngine engine;

    public EventsRebalanceListener(EventEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> ends = consumer.endOffsets(partitions).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
        engine.assigned(ends);
        Log.debugf("events partitions assigned: %s", ends);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        engine.revoked(partitions.stream().map(TopicPartition::partition).toList());
    }
}
