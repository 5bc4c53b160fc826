package dev.switchboard.worker.boot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.worker.engine.EventEngine;
import dev.switchboard.worker.instance.WorkerInstances;
import dev.switchboard.worker.runtime.WorkerRuntime;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Starts the node once Quarkus is up: the runtime joins the cluster's lifecycle and activates the built-in
 * workers, then the engine lets events in. Start-up does not wait for it; readiness does ({@code WorkerHealth}).
 * A node whose built-ins cannot become active exits rather than sit there taking no events.
 */
@ApplicationScoped
public class WorkerStartup {

    void start(
            @Observes StartupEvent startup,
            WorkerRuntime runtime,
            EventEngine engine,
            @Identifier("instances") EventEngine instanceEngine,
            WorkerInstances instances) {
        runtime.start().whenComplete((active, failure) -> {
            if (failure != null) {
                Log.errorf(failure, "this worker node cannot take events: %s", failure.getMessage());
                Quarkus.asyncExit(1);
                return;
            }
            engine.start();
            instanceEngine.start();
            instances.start();
            Log.info("built-in workers active; taking events");
        });
    }
}
