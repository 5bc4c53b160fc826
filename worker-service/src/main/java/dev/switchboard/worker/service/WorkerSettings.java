package dev.switchboard.worker.service;

import java.time.Duration;

import dev.switchboard.worker.bundle.BundleLimits;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.lifecycle.LifecycleSettings;

/** A runtime's settings as plain values (from {@link WorkerConfig} in the service, written out in tests). */
public record WorkerSettings(String nodeId, BundleLimits bundleLimits, int maxLoadedVersions,
        LifecycleSettings lifecycle, Duration upstreamTimeout, long upstreamMaxBodyBytes, int notificationMaxBytes,
        int syncMaxPayloadBytes) {

    public static WorkerSettings of(WorkerConfig config) {
        return new WorkerSettings(config.nodeId(), config.bundles().limits(), config.bundles().maxLoaded(),
                LifecycleSettings.of(config), config.upstream().timeout(), config.upstream().maxBodyBytes(),
                config.notifications().maxBytes(), config.sync().maxPayloadBytes());
    }
}
