package dev.switchboard.worker.boot;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.worker.bundle.BundleCollector;
import dev.switchboard.worker.config.WorkerConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/** Runs {@link BundleCollector} every {@code switchboard.worker.bundles.gc-interval} on this node. */
@Singleton
public class BundleCollection {

    private final HazelcastInstance hazelcast;
    private final WorkerConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bundle-collector");
        thread.setDaemon(true);
        return thread;
    });

    public BundleCollection(HazelcastInstance hazelcast, WorkerConfig config) {
        this.hazelcast = hazelcast;
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        BundleCollector collector =
                new BundleCollector(hazelcast, config.bundles().gcGrace());
        long every = config.bundles().gcInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        collector.sweep(System.currentTimeMillis());
                    } catch (RuntimeException e) {
                        Log.warnf(
                                "the bundle sweep failed; trying again in %s: %s",
                                config.bundles().gcInterval(), e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
