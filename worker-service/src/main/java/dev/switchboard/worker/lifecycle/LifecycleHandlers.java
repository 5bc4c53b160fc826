package dev.switchboard.worker.lifecycle;

import java.time.Duration;
import java.util.Optional;

import dev.switchboard.contract.hazelcast.RegistrationRecord;

/** Runs a version's {@code install} or {@code activate} handler, with its {@code waitUntil} promises, on this node. */
public interface LifecycleHandlers {

    enum Kind {
        INSTALL,
        ACTIVATE
    }

    /** Empty when the handler and its promises succeeded within {@code timeout}; otherwise why it failed. */
    Optional<String> run(Kind kind, RegistrationRecord registration, String version, Duration timeout);

    /**
     * The fast-path routes {@code version} declares ({@code ServiceWorker.routes()}, as JSON), written into the
     * registration when it activates so that the gateway answers their cache hits itself; {@code []} for none.
     */
    String declaredRoutes(String version);
}
