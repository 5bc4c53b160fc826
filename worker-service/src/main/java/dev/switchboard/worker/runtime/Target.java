package dev.switchboard.worker.runtime;

import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.bundle.BuiltinWorkers;

/** The registration and version an event goes to. */
record Target(RegistrationRecord registration, String version) {

    /** Built-ins are never unregistered: their events need no cluster-wide in-flight mark. */
    boolean tracked() {
        return !registration.scope().startsWith(BuiltinWorkers.SCHEME);
    }
}
