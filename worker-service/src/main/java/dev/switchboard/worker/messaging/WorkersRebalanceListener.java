package dev.switchboard.worker.messaging;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import dev.switchboard.worker.engine.EventEngine;
import dev.switchboard.worker.instance.PartitionTokens;
import dev.switchboard.worker.instance.WorkerInstances;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Places dedicated and shared workers: the partitions of the workers topic given to this node come with the
 * group's generation, their fencing token; those taken away stop running here (their instances go on at the new
 * owner, from their records), and their requests not started yet are dropped.
 */
@ApplicationScoped
@Identifier(WorkersRebalanceListener.NAME)
public class WorkersRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.workers.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "switchboard-workers-rebalance";

    private final EventEngine engine;
    private final PartitionTokens tokens;
    private final WorkerInstances instances;

    public WorkersRebalanceListener(
            @Identifier("instances") EventEngine engine, PartitionTokens tokens, WorkerInstances instances) {
        this.engine = engine;
        this.tokens = tokens;
        this.instances = instances;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        int generation = consumer.groupMetadata().generationId();
        List<Integer> numbers =
                partitions.stream().map(TopicPartition::partition).toList();
        tokens.assigned(numbers, generation);
        Map<Integer, Long> ends = consumer.endOffsets(partitions).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().partition(), Map.Entry::getValue));
        engine.assigned(ends);
        Log.debugf("workers partitions %s assigned at generation %d", numbers, generation);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<Integer> numbers =
                partitions.stream().map(TopicPartition::partition).toList();
        tokens.revoked(numbers);
        instances.revoked(numbers);
        engine.revoked(numbers);
    }
}
