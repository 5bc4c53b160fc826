package dev.switchboard.worker.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import dev.switchboard.contract.settings.SharedSettingsCheck;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.runtime.WorkerSettings;
import io.quarkus.runtime.StartupEvent;

/**
 * Checks, before the node takes anything, worker-service's settings that only make sense together: a notification
 * a handler may show fits in a Kafka record, the engine's bounds are positive, and an event's longest settlement is
 * shorter than the time the connector lets a record go unacknowledged. A mistake fails start-up with a message
 * naming the keys. The producers' record size, the sync payload and the Cache API's bounds are the shared settings
 * every service checks ({@link SharedSettingsCheck}).
 */
@ApplicationScoped
public class ConfigCheck {

    static final String MAX_AGE = "mp.messaging.incoming.events.throttled.unprocessed-record-max-age.ms";

    void check(@Observes @Priority(1) StartupEvent startup, WorkerConfig config, EventLimits limits,
            Config raw) {
        verify(config, limits, raw);
    }

    static void verify(WorkerConfig config, EventLimits limits, Config raw) {
        List<String> problems = new ArrayList<>();
        SharedSettingsCheck.collect(problems, () -> RecordSizes.requireFits("switchboard.worker.notifications.max-bytes",
                config.notifications().maxBytes(), false, limits));
        EngineSettings engine = WorkerSettings.engine(config);
        positive(problems, "switchboard.worker.engine.max-in-flight", engine.maxInFlight());
        positive(problems, "switchboard.worker.engine.handler-threads", engine.handlerThreads());
        positive(problems, "switchboard.worker.engine.max-abandoned-threads", engine.maxAbandoned());
        positive(problems, "switchboard.worker.engine.retry.max-attempts", engine.maxAttempts());
        positive(problems, "switchboard.worker.engine.duplicates.max-batch", engine.markBatch());
        for (var duration : List.of(
                new Named("switchboard.worker.handler-timeout", engine.handlerDeadline()),
                new Named("switchboard.worker.engine.abandon-grace", engine.abandonGrace()),
                new Named("switchboard.worker.engine.retry.initial-backoff", engine.initialBackoff()),
                new Named("switchboard.worker.engine.dead-letter-backoff", engine.deadLetterBackoff()),
                new Named("switchboard.worker.engine.duplicates.flush-interval", engine.markFlushInterval()))) {
            if (duration.value().isNegative() || duration.value().isZero()) {
                problems.add(duration.key() + " must be positive, not " + duration.value());
            }
        }
        if (engine.maxBackoff().compareTo(engine.initialBackoff()) < 0) {
            problems.add("switchboard.worker.engine.retry.max-backoff (" + engine.maxBackoff()
                    + ") is shorter than retry.initial-backoff (" + engine.initialBackoff() + ")");
        }
        long maxAge = raw.getOptionalValue(MAX_AGE, Long.class).orElse(60_000L);
        Duration settlement = engine.worstCaseSettlement().plus(config.lifecycle().activateTimeout());
        if (maxAge > 0 && Duration.ofMillis(maxAge).compareTo(settlement) < 0) {
            problems.add(MAX_AGE + " = " + maxAge + " is shorter than the longest an event may take to settle ("
                    + settlement + ": retry.max-attempts x handler-timeout, the backoffs and lifecycle.activate-timeout);"
                    + " the connector would report a healthy node as stalled");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("worker-service configuration is inconsistent:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private record Named(String key, Duration value) {
    }

    private static void positive(List<String> problems, String key, int value) {
        if (value < 1) {
            problems.add(key + " must be at least 1, not " + value);
        }
    }
}
