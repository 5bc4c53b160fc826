package dev.switchboard.gateway.service;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.kafka.KeyedHistory;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.protocol.StreamPosition;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Replays what a resuming client missed, straight from Kafka: a client's deliveries are keyed by its id, so its
 * retained stream is its key's history in the deliveries topic ({@link KeyedHistory}). Bounded by count, age and
 * records read (see config).
 */
@ApplicationScoped
public class DeliveryReplayer {

    /** What a replay found: the deliveries to send and, if not all could be replayed, the reset to send first. */
    public record Replay(List<StreamDelivery> deliveries, ServerFrame gap) {}

    private final KeyedHistory history;
    private final KeyedHistory.Bounds bounds;
    private final Frames frames;
    private final MeterRegistry meters;

    public DeliveryReplayer(
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "switchboard.topic.deliveries") String topic,
            GatewayConfig config,
            Frames frames,
            MeterRegistry meters) {
        GatewayConfig.Resume limits = config.resume();
        this.history = new KeyedHistory("switchboard-replay", kafka, topic, limits.maxConcurrent());
        this.bounds = new KeyedHistory.Bounds(limits.maxEvents(), limits.maxAge(), limits.maxScannedRecords());
        this.frames = frames;
        this.meters = meters;
    }

    /** The deliveries of {@code clientId} after {@code afterOffset}; completes with a gap when over a limit. */
    public CompletionStage<Replay> replay(String clientId, long afterOffset) {
        return history.read(
                        clientId,
                        afterOffset,
                        bounds,
                        event -> EventTypes.CLIENT_DELIVERY.equals(event.getType())
                                || EventTypes.WORKER_FRAMES.containsKey(event.getType()),
                        record -> new StreamDelivery(
                                record.offset(),
                                record.value().getId(),
                                frames.delivery(new StreamPosition(clientId, record.offset()), record.value())))
                .thenApply(read -> {
                    meters.counter("switchboard.gateway.resumes", "outcome", read.gap() == null ? "replayed" : "reset")
                            .increment();
                    return new Replay(read.found(), read.gap() == null ? null : frames.reset(read.gap()));
                });
    }

    @PreDestroy
    void stop() {
        history.stop();
    }
}
