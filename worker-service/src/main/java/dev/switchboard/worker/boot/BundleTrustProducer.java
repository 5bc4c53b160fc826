package dev.switchboard.worker.boot;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.switchboard.worker.bundle.BundleSignatures;
import dev.switchboard.worker.config.WorkerConfig;
import io.quarkus.runtime.Startup;

/** Whether published bundles must be signed, and by which key; a key that does not parse fails start-up. */
public class BundleTrustProducer {

    @Produces
    @Singleton
    @Startup
    BundleSignatures signatures(WorkerConfig config) {
        return BundleSignatures.of(config.bundles().signingKey());
    }
}
