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
import dev.switchboard.worker.instance.InstanceSettings;
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
    static final String WORKERS_MAX_AGE = "mp.messaging.incoming.workers.throttled.unprocessed-record-max-age.ms";
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
        WorkerConfig.Instances instances = config.instances();
        problems.positive("instances.max-queued", instances.maxQueued())
                .positive("instances.max-local", instances.maxLocal())
                .positive("instances.max-connections", instances.maxConnections())
                .positive("instances.max-state-bytes", instances.maxStateBytes())
                .positive("instances.task-deadline", instances.taskDeadline())
                .positive("instances.idle-expiry", instances.idleExpiry())
                .positive("instances.sweep-interval", instances.sweepInterval());
        instances.threads().ifPresent(threads -> problems.positive("instances.threads", threads));
        problems.collect(() -> RecordSizes.requireFits(
                PREFIX + "instances.max-message-bytes", instances.maxMessageBytes(), false, limits));
        long maxAge = raw.getOptionalValue(MAX_AGE, Long.class).orElse(60_000L);
        Duration settlement =
                engine.worstCaseSettlement().plus(config.lifecycle().activateTimeout());
        // A max age of 0 turns the connector's watch off: then no settlement is too slow for it.
        problems.require(
                maxAge <= 0 || Duration.ofMillis(maxAge).compareTo(settlement) >= 0,
                MAX_AGE + " = " + maxAge + " is shorter than the longest an event may take to settle (" + settlement
                        + ": retry.max-attempts x handler-timeout, the backoffs and lifecycle.activate-timeout);"
                        + " the connector would report a healthy node as stalled");
        long workersMaxAge = raw.getOptionalValue(WORKERS_MAX_AGE, Long.class).orElse(60_000L);
        Duration task = InstanceSettings.engine(config).worstCaseSettlement();
        problems.require(
                workersMaxAge <= 0 || Duration.ofMillis(workersMaxAge).compareTo(task) >= 0,
                WORKERS_MAX_AGE + " = " + workersMaxAge + " is shorter than the longest a worker request may take to"
                        + " settle (" + task + ": retry.max-attempts x instances.task-deadline and the backoffs)");
        return problems.list();
    }
}
