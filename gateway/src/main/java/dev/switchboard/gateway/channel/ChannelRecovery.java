package dev.switchboard.gateway.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.gateway.kafka.KeyedHistory;
import dev.switchboard.gateway.protocol.ChannelPosition;
import dev.switchboard.gateway.protocol.ServerFrame;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * Confirms a subscription, to a channel or to a MessageChannel port's inbox, after reading its history in Kafka
 * ({@link KeyedHistory}) from the position it came back with — or, without one, after learning where the history
 * ends, so that a later recovery can start there. Meanwhile its live records wait in the subscription.
 */
@ApplicationScoped
public class ChannelRecovery {

    /** How one subscription reads its history: its records, their frames, and how it is confirmed or reset. */
    interface Reading {

        /** The Kafka key its records have. */
        String key();

        /** Whether a record of that key is one of its own (a port's inbox shares its key with the other end's). */
        boolean wanted(CloudEvent event);

        Subscription.Publication publication(ConsumerRecord<String, CloudEvent> record);

        /** Its {@code subscribed} or {@code port-started}: continuing after {@code position} (null: unknown). */
        ServerFrame confirmation(ChannelPosition position, Boolean recovered);

        ServerFrame reset(String reason);
    }

    private final ChannelSettings settings;
    private final ChannelSubscriptions subscriptions;
    private final MeterRegistry meters;
    private final KeyedHistory history;

    public ChannelRecovery(
            ChannelSettings settings,
            ChannelSubscriptions subscriptions,
            MeterRegistry meters,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "switchboard.topic.channels") String topic) {
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.meters = meters;
        this.history =
                new KeyedHistory("switchboard-channel-recovery", kafka, topic, settings.maxConcurrentRecoveries());
    }

    /** Confirms {@code subscription}: at once in a namespace without history, after reading it otherwise. */
    void confirm(
            Subscription subscription,
            ChannelSettings.Namespace namespace,
            Optional<ChannelPosition> since,
            Reading reading) {
        if (namespace.historySize() == 0) {
            ServerFrame gap = since.isPresent()
                    ? reading.reset("channel '" + subscription.channel() + "' keeps no history")
                    : null;
            subscription.recovered(
                    gap, reading.confirmation(null, since.isPresent() ? false : null), Long.MIN_VALUE, List.of(), null);
            return;
        }
        KeyedHistory.Bounds bounds =
                new KeyedHistory.Bounds(namespace.historySize(), namespace.historyAge(), settings.maxScannedRecords());
        long after = since.map(ChannelPosition::offset).orElse(KeyedHistory.END_ONLY);
        history.read(reading.key(), after, bounds, reading::wanted, reading::publication)
                .whenComplete((read, failure) -> {
                    String reason = failure != null ? "the recovery failed" : read.gap();
                    if (reason == null && since.isPresent() && since.get().partition() != read.partition()) {
                        reason = "the position is of another partition: the channels topic changed";
                    }
                    boolean recovered = reason == null && since.isPresent();
                    long continueAfter = recovered
                            ? since.get().offset()
                            : failure != null || read.end() < 0 ? Long.MIN_VALUE : read.end() - 1;
                    ChannelPosition position = continueAfter == Long.MIN_VALUE
                            ? null
                            : new ChannelPosition(read.partition(), continueAfter);
                    meters.counter(
                                    "switchboard.gateway.channel.recoveries",
                                    "outcome",
                                    since.isEmpty() ? "none" : recovered ? "recovered" : "reset")
                            .increment();
                    subscription.recovered(
                            reason == null ? null : reading.reset(reason),
                            reading.confirmation(position, since.isPresent() ? recovered : null),
                            continueAfter,
                            reason == null ? read.found() : List.of(),
                            reading.reset("more than " + settings.maxBufferedPerSubscription()
                                    + " publications arrived while recovering"));
                    if (subscription.ended()) {
                        // A port's close was among what it recovered (or it was ended while recovering).
                        subscriptions.forgetEnded(subscription);
                    }
                });
    }

    /** Where the history of {@code key} ends: the position the next record will follow (null: unknown). */
    CompletionStage<ChannelPosition> end(String key) {
        KeyedHistory.Bounds bounds = new KeyedHistory.Bounds(1, Duration.ofSeconds(1), 1);
        return history.read(key, KeyedHistory.END_ONLY, bounds, event -> false, record -> record)
                .thenApply(read -> read.gap() != null || read.end() < 0
                        ? null
                        : new ChannelPosition(read.partition(), read.end() - 1));
    }

    @PreDestroy
    void stop() {
        history.stop();
    }
}
