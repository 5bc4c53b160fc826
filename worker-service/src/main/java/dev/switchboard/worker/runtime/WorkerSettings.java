package dev.switchboard.worker.runtime;

import java.time.Duration;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.contract.settings.CacheSettings;
import dev.switchboard.contract.settings.SyncLimits;
import dev.switchboard.worker.bundle.BundleLimits;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.lifecycle.LifecycleSettings;

/**
 * A runtime's settings as plain values (from {@link WorkerConfig} and the shared {@link CacheSettings} and
 * {@link SyncLimits} in the service, written out in tests). Handlers write to the Cache API with the same limits as
 * cache-service.
 */
public record WorkerSettings(
        String nodeId,
        BundleLimits bundleLimits,
        int maxLoadedVersions,
        LifecycleSettings lifecycle,
        EngineSettings engine,
        CacheLimits cacheLimits,
        Duration upstreamTimeout,
        long upstreamMaxBodyBytes,
        int notificationMaxBytes,
        int syncMaxPayloadBytes) {

    public static WorkerSettings of(WorkerConfig config, CacheSettings cache, SyncLimits sync) {
        return new WorkerSettings(
                config.nodeId(),
                config.bundles().limits(),
                config.bundles().maxLoaded(),
                LifecycleSettings.of(config),
                engine(config),
                CacheLimits.of(cache),
                config.upstream().timeout(),
                config.upstream().maxBodyBytes(),
                config.notifications().maxBytes(),
                sync.maxPayloadBytes());
    }

    public static EngineSettings engine(WorkerConfig config) {
        WorkerConfig.Engine engine = config.engine();
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(
                engine.maxInFlight().orElse(128 * cores),
                engine.handlerThreads().orElse(Math.max(16, 8 * cores)),
                config.handlerTimeout(),
                engine.abandonGrace(),
                engine.maxAbandonedThreads(),
                engine.retry().maxAttempts(),
                engine.retry().initialBackoff(),
                engine.retry().maxBackoff(),
                engine.deadLetterBackoff(),
                engine.duplicates().flushInterval(),
                engine.duplicates().maxBatch());
    }
}
