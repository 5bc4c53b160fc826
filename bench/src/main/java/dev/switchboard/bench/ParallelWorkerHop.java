package dev.switchboard.bench;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelStreamProcessor;

/**
 * The bare loop with Confluent's parallel-consumer (0.5.3.2) as its worker hop: key order, up to
 * {@code maxConcurrency} records in flight, each forwarded consume-then-produce (a record is done once its reply
 * is in Kafka) — what the engine does with SmallRye's connector and its own keyed executor.
 */
final class ParallelWorkerHop extends BareKafkaLoop {

    private final int maxConcurrency;
    private ParallelStreamProcessor<String, byte[]> processor;

    ParallelWorkerHop(String bootstrap, int partitions, int payloadBytes, int maxConcurrency) {
        super(bootstrap, partitions, payloadBytes);
        this.maxConcurrency = maxConcurrency;
    }

    @Override
    protected void startWorker(String group) {
        processor = ParallelStreamProcessor.createEosStreamProcessor(ParallelConsumerOptions.<String, byte[]>builder()
                .consumer(consumer(group))
                .producer(producer())
                .ordering(ParallelConsumerOptions.ProcessingOrder.KEY)
                .commitMode(ParallelConsumerOptions.CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
                .maxConcurrency(maxConcurrency)
                // Its reflective check of auto-commit does not know kafka-clients 4's consumer; ours is off
                // (consumer()).
                .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(true)
                .build());
        processor.subscribe(List.of(requests()));
        processor.pollAndProduce(context -> new ProducerRecord<>(replies(), context.key(), context.value()));
    }

    @Override
    public void close() throws Exception {
        if (processor != null) {
            processor.close();
        }
        super.close();
    }
}
