package dev.switchboard.worker.boot;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import dev.switchboard.contract.settings.ConfigProblems;
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
    private static final String PREFIX = "switchboard.worker.";

    void check(@Observes @Priority(1) StartupEvent startup, WorkerConfig config, EventLimits limits, Config raw) {
        ConfigProblems.throwIfAny("worker-service configuration is inconsistent", problems(config, limits, raw));
    }

    /** Every problem of the configuration, each naming its keys; empty when worker-service may start. */
    static List<String> problems(WorkerConfig config, EventLimits limits, Config raw) {
        ConfigProblems problems = new ConfigProblems(PREFIX);
        problems.collect(() -> RecordSizes.requireFits(
                PREFIX + "notifications.max-bytes", config.notifications().maxBytes(), false, limits));
        EngineSettings engine = WorkerSettings.engine(config);
        problems.positive("engine.max-in-flight", engine.maxInFlight())
                .positive("engine.handler-threads", engine.handlerThreads())
                .positive("engine.max-abandoned-threads", engine.maxAbandoned())
                .positive("engine.retry.max-attempts", engine.maxAttempts())
                .positive("engine.duplicates.max-batch", engine.markBatch())
                .positive("handler-timeout", engine.handlerDeadline())
                .positive("engine.abandon-grace", engine.abandonGrace())
                .positive("engine.retry.initial-backoff", engine.initialBackoff())
                .positive("engine.dead-letter-backoff", engine.deadLetterBackoff())
                .positive("engine.duplicates.flush-interval", engine.markFlushInterval())
                .require(
                        engine.maxBackoff().compareTo(engine.initialBackoff()) >= 0,
                        PREFIX + "engine.retry.max-backoff (" + engine.maxBackoff()
                                + ") is shorter than retry.initial-backoff (" + engine.initialBackoff() + ")");
        long maxAge = raw.getOptionalValue(MAX_AGE, Long.class).orElse(60_000L);
        Duration settlement =
                engine.worstCaseSettlement().plus(config.lifecycle().activateTimeout());
        // A max age of 0 turns the connector's watch off: then no settlement is too slow for it.
        problems.require(
                maxAge <= 0 || Duration.ofMillis(maxAge).compareTo(settlement) >= 0,
                MAX_AGE + " = " + maxAge + " is shorter than the longest an event may take to settle (" + settlement
                        + ": retry.max-attempts x handler-timeout, the backoffs and lifecycle.activate-timeout);"
                        + " the connector would report a healthy node as stalled");
        return problems.list();
    }
}
