package dev.switchboard.worker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.switchboard.worker.bundle.BundleLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** worker-service settings; defaults documented in docs/operations.md. */
@ConfigMapping(prefix = "switchboard.worker")
public interface WorkerConfig {

    /** This node's id, for the {@code source} of the events it produces. */
    @WithDefault("${quarkus.uuid}")
    String nodeId();

    /**
     * How long one run of an event handler and the promises it passed to {@code waitUntil} may take before the run
     * fails (synchronous code included: its thread is interrupted, and abandoned if it goes on).
     */
    @WithDefault("30s")
    Duration handlerTimeout();

    /**
     * Most registrations the cluster holds; a new scope past it is refused (507). Keep it at most the gateways'
     * {@code switchboard.gateway.fetch.max-registrations}, or some scopes would not be intercepted.
     */
    @WithDefault("10000")
    int maxRegistrations();

    /** How events are taken from Kafka and run (docs/events.md, "Guarantees"). */
    Engine engine();

    interface Engine {

        /**
         * Events admitted and not yet settled on this node: running, waiting behind an earlier event of their key,
         * or waiting to be retried. Past it, consumption pauses. Default: 128 per core.
         */
        Optional<Integer> maxInFlight();

        /** Threads running handler code. Default: 8 per core, at least 16. */
        Optional<Integer> handlerThreads();

        /** How long a handler thread interrupted at its deadline may take to stop before it is abandoned. */
        @WithDefault("5s")
        Duration abandonGrace();

        /**
         * Abandoned handler threads (still running after their deadline) at which the node reports itself not live,
         * so that it is restarted rather than left to starve.
         */
        @WithDefault("8")
        int maxAbandonedThreads();

        /** Retries of failing handlers. */
        Retry retry();

        /** How long to wait before trying again to write a dead letter that Kafka refused. */
        @WithDefault("1s")
        Duration deadLetterBackoff();

        /** Writing handled-event ids to the duplicate window. */
        Duplicates duplicates();

        interface Retry {

            /** Runs of a failing handler before its event goes to the dead-letter topic (1: no retry). */
            @WithDefault("3")
            int maxAttempts();

            /** Wait before the first retry; it doubles with each retry, with up to 20 % jitter. */
            @WithDefault("200ms")
            Duration initialBackoff();

            /** The longest wait between two runs. */
            @WithDefault("10s")
            Duration maxBackoff();
        }

        interface Duplicates {

            /** How often marks are written. */
            @WithDefault("10ms")
            Duration flushInterval();

            /** Most marks in one write. */
            @WithDefault("512")
            int maxBatch();
        }
    }

    /** Bundles (versions) and their class loaders. */
    Bundles bundles();

    /** The lifecycle of registrations and versions. */
    Lifecycle lifecycle();

    /** {@code self.fetch()} to a registration's upstream. */
    Upstream upstream();

    interface Bundles {

        /** Largest bundle (jar) accepted by the admin API, in bytes. */
        @WithDefault("10485760")
        int maxBytes();

        /** Versions loaded at once on one node (each with its own class loader); the least recently used goes first. */
        @WithDefault("32")
        int maxLoaded();

        /** Most entries (files) in one bundle. */
        @WithDefault("4096")
        int maxEntries();

        /** Largest entry of a bundle once inflated, in bytes: a zip bomb is refused (413) while it is read. 16 MiB. */
        @WithDefault("16777216")
        long maxEntryBytes();

        /** Largest sum of a bundle's inflated entries, in bytes. 64 MiB. */
        @WithDefault("67108864")
        long maxInflatedBytes();

        /** Most bundles, and most script URLs, the cluster keeps; a publish past it is refused (507). */
        @WithDefault("1000")
        int maxStored();

        /**
         * A public key (PEM, {@code -----BEGIN PUBLIC KEY-----}; Ed25519 or EC P-256) that must have signed every
         * published bundle: {@code POST /admin/bundles} then needs {@code Switchboard-Bundle-Signature}, the
         * base64 signature of the jar's bytes. Unset: an admin's token is all a publish needs.
         */
        Optional<String> signingKey();

        /** How often a node looks for bundles nothing references (docs/security.md, "Bundles"). */
        @WithDefault("PT10M")
        Duration gcInterval();

        /** How long a bundle stays unreferenced before it is deleted. */
        @WithDefault("PT1H")
        Duration gcGrace();

        default BundleLimits limits() {
            return new BundleLimits(maxBytes(), maxEntries(), maxEntryBytes(), maxInflatedBytes(), maxStored());
        }
    }

    interface Lifecycle {

        /** How long an {@code install} handler and its {@code waitUntil} promises may take; longer makes the version redundant. */
        @WithDefault("60s")
        Duration installTimeout();

        /** How long an {@code activate} handler and its {@code waitUntil} promises may take. */
        @WithDefault("60s")
        Duration activateTimeout();

        /** How often each node looks for transitions due (a waiting version whose old clients left, an interrupted one). */
        @WithDefault("1s")
        Duration reconcileInterval();

        /** How long {@code unregister} waits for the registration's in-flight events before it clears it anyway. */
        @WithDefault("30s")
        Duration unregisterDrainTimeout();
    }

    interface Upstream {

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("5242880")
        long maxBodyBytes();
    }

    /** Dedicated and shared workers (docs/workers.md). */
    Instances instances();

    interface Instances {

        /** Threads running worker tasks, apart from the service-worker event threads; default: the cores. */
        Optional<Integer> threads();

        /** Worker requests admitted and not yet done on this node (running, or queued behind their instance). */
        @WithDefault("1024")
        int maxQueued();

        /** How long one task may run; past it the worker ends (its thread is interrupted, then abandoned). */
        @WithDefault("30s")
        Duration taskDeadline();

        /** Instances one node runs at once; a start past it is refused ({@code too-many}). */
        @WithDefault("10000")
        int maxLocal();

        /** Ports one shared worker holds at once. */
        @WithDefault("1024")
        int maxConnections();

        /** The largest committed state of one instance, as JSON bytes. */
        @WithDefault("1048576")
        int maxStateBytes();

        /** The largest message a worker sends, as JSON bytes. */
        @WithDefault("65536")
        int maxMessageBytes();

        /** How long an instance's record outlives its last write (a worker whose clients vanished unseen). */
        @WithDefault("PT24H")
        Duration idleExpiry();

        /** How often a node looks for clients of its instances whose resume window is over. */
        @WithDefault("PT30S")
        Duration sweepInterval();
    }

    Notifications notifications();

    interface Notifications {
        /** Largest {@code showNotification} (title and options as JSON), in bytes; a larger one fails the handler. */
        @WithDefault("16384")
        int maxBytes();
    }

    Echo echo();

    /** The built-in {@code echo} worker. */
    interface Echo {
        /**
         * Where the echo worker's {@code sync} handler POSTs each attempt's payload (a non-2xx answer fails the
         * attempt); unset, a sync succeeds at once.
         */
        Optional<URI> syncUpstream();

        /** Time limit of one such request. */
        @WithDefault("PT10S")
        Duration syncTimeout();
    }
}
