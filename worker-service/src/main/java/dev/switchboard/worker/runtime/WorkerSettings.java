package dev.switchboard.worker.runtime;

import java.time.Duration;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.worker.bundle.BundleLimits;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.lifecycle.LifecycleSettings;

/** A runtime's settings as plain values (from {@link WorkerConfig} in the service, written out in tests). */
public record WorkerSettings(String nodeId, BundleLimits bundleLimits, int maxLoadedVersions, LifecycleSettings lifecycle,
        EngineSettings engine, CacheLimits cacheLimits, Duration upstreamTimeout, long upstreamMaxBodyBytes,
        int notificationMaxBytes, int syncMaxPayloadBytes) {

    public static WorkerSettings of(WorkerConfig config) {
        return new WorkerSettings(config.nodeId(), config.bundles().limits(), config.bundles().maxLoaded(),
                LifecycleSettings.of(config), engine(config), CacheLimits.DEFAULTS, config.upstream().timeout(),
                config.upstream().maxBodyBytes(), config.notifications().maxBytes(), config.sync().maxPayloadBytes());
    }

    public static EngineSettings engine(WorkerConfig config) {
        WorkerConfig.Engine engine = config.engine();
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(engine.maxInFlight().orElse(128 * cores),
                engine.handlerThreads().orElse(Math.max(16, 8 * cores)), config.handlerTimeout(), engine.abandonGrace(),
                engine.maxAbandonedThreads(), engine.retry().maxAttempts(), engine.retry().initialBackoff(),
                engine.retry().maxBackoff(), engine.deadLetterBackoff(), engine.duplicates().flushInterval(),
                engine.duplicates().maxBatch());
    }
}
