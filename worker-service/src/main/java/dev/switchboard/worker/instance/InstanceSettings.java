package dev.switchboard.worker.instance;

import java.time.Duration;

import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.runtime.WorkerSettings;

/**
 * The bounds of dedicated and shared workers on one node, as plain values ({@code switchboard.worker.instances.*},
 * or written out in a test).
 *
 * @param maxLocal instances one node runs at once; a start past it is refused
 * @param maxConnections ports one shared worker holds at once
 * @param maxStateBytes the largest committed state of one instance, as JSON
 * @param idleExpiry how long an instance's record outlives its last write
 * @param sweepInterval how often a node looks for clients of its instances that are gone
 * @param taskDeadline how long one task may run; past it the worker ends
 * @param maxMessageBytes the largest message a worker sends, as JSON
 */
public record InstanceSettings(
        String nodeId,
        int maxLocal,
        int maxConnections,
        int maxStateBytes,
        Duration idleExpiry,
        Duration sweepInterval,
        Duration taskDeadline,
        int maxMessageBytes) {

    public static InstanceSettings of(WorkerConfig config) {
        WorkerConfig.Instances instances = config.instances();
        return new InstanceSettings(
                config.nodeId(),
                instances.maxLocal(),
                instances.maxConnections(),
                instances.maxStateBytes(),
                instances.idleExpiry(),
                instances.sweepInterval(),
                instances.taskDeadline(),
                instances.maxMessageBytes());
    }

    /**
     * The instance engine's bounds: its own threads and queue, so that busy workers never hold up service-worker
     * events; a task's deadline; retries and dead letters as the event engine's (they only serve cluster failures:
     * a task's own failure is answered to its client).
     */
    public static EngineSettings engine(WorkerConfig config) {
        EngineSettings events = WorkerSettings.engine(config);
        WorkerConfig.Instances instances = config.instances();
        return new EngineSettings(
                instances.maxQueued(),
                instances.threads().orElse(Runtime.getRuntime().availableProcessors()),
                instances.taskDeadline(),
                events.abandonGrace(),
                events.maxAbandoned(),
                events.maxAttempts(),
                events.initialBackoff(),
                events.maxBackoff(),
                events.deadLetterBackoff(),
                events.markFlushInterval(),
                events.markBatch());
    }
}
