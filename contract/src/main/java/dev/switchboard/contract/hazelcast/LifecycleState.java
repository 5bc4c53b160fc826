package dev.switchboard.contract.hazelcast;

import java.util.Arrays;
import java.util.Locale;

/**
 * The states of a service-worker version ({@code ServiceWorker.state}), as stored in {@link VersionRecord} and in
 * {@link RegistrationRecord#activeState()} and as sent in {@code statechange} frames (the lower-case name).
 * There is no {@code parsed}: a bundle is checked when it is published, so a version starts at
 * {@link #INSTALLING}.
 */
public enum LifecycleState {
    INSTALLING,
    INSTALLED,
    ACTIVATING,
    ACTIVATED,
    REDUNDANT;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name on the wire and in the records: {@code installing}, {@code installed}… */
    public String wireName() {
        return wireName;
    }

    /** True when a stored state string is this state. */
    public boolean is(String stored) {
        return wireName.equals(stored);
    }

    public static LifecycleState of(String wireName) {
        return Arrays.stream(values())
                .filter(state -> state.is(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a lifecycle state: '" + wireName + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
