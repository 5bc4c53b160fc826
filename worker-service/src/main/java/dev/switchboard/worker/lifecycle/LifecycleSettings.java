package dev.switchboard.worker.lifecycle;

import java.time.Duration;

import dev.switchboard.worker.config.WorkerConfig;

/** The lifecycle's limits, as plain values so that a runtime can be built without Quarkus (two nodes in one test). */
public record LifecycleSettings(
        Duration installTimeout,
        Duration activateTimeout,
        Duration reconcileInterval,
        Duration unregisterDrainTimeout,
        Duration handlerTimeout) {

    public static LifecycleSettings of(WorkerConfig config) {
        WorkerConfig.Lifecycle lifecycle = config.lifecycle();
        return new LifecycleSettings(
                lifecycle.installTimeout(),
                lifecycle.activateTimeout(),
                lifecycle.reconcileInterval(),
                lifecycle.unregisterDrainTimeout(),
                config.handlerTimeout());
    }

    /** How long a transition lease lives: the longest handler it covers plus a margin for the writes around it. */
    public Duration transitionLease() {
        Duration longest = installTimeout.compareTo(activateTimeout) > 0 ? installTimeout : activateTimeout;
        return longest.plusSeconds(5);
    }
}
