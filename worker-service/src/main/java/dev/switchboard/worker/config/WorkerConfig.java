package dev.switchboard.worker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** worker-service settings; defaults documented in docs/operations.md. */
@ConfigMapping(prefix = "switchboard.worker")
public interface WorkerConfig {

    /** This node's id, for the {@code source} of the events it produces. */
    @WithDefault("${quarkus.uuid}")
    String nodeId();

    /** How long a handler and the promises it passed to {@code waitUntil} may take before the event fails. */
    @WithDefault("30s")
    Duration handlerTimeout();

    Notifications notifications();

    Sync sync();

    interface Notifications {
        /** Largest {@code showNotification} (title and options as JSON), in bytes; a larger one fails the handler. */
        @WithDefault("16384")
        int maxBytes();
    }

    interface Sync {
        /** Largest payload of a {@code registerSync}, in bytes of JSON; a larger one fails the handler. */
        @WithDefault("16384")
        int maxPayloadBytes();
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
