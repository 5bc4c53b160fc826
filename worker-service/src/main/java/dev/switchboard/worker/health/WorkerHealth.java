package dev.switchboard.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import dev.switchboard.worker.engine.EventEngine;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.runtime.WorkerRuntime;

/**
 * Ready once the built-in workers are active and the engine takes events, and while dead letters can be written;
 * live while handler threads are not being abandoned faster than they come back (a node whose handlers keep
 * hanging is restarted rather than left to starve every partition).
 */
public class WorkerHealth {

    @ApplicationScoped
    @Readiness
    static class Ready implements HealthCheck {

        private final WorkerRuntime runtime;
        private final EventEngine engine;

        Ready(WorkerRuntime runtime, EventEngine engine) {
            this.runtime = runtime;
            this.engine = engine;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("worker-engine")
                    .status(runtime.ready() && engine.isStarted() && engine.deadLettersFlowing())
                    .withData("builtinsActive", runtime.ready())
                    .withData("takingEvents", engine.isStarted())
                    .withData("deadLettersFlowing", engine.deadLettersFlowing())
                    .build();
        }
    }

    @ApplicationScoped
    @Liveness
    static class Live implements HealthCheck {

        private final HandlerPool events;
        private final HandlerPool lifecycle;

        Live(@Named("events") HandlerPool events, @Named("lifecycle") HandlerPool lifecycle) {
            this.events = events;
            this.lifecycle = lifecycle;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("worker-handler-threads")
                    .status(events.healthy() && lifecycle.healthy())
                    .withData("abandonedEventThreads", events.abandonedAlive())
                    .withData("abandonedLifecycleThreads", lifecycle.abandonedAlive())
                    .build();
        }
    }
}
