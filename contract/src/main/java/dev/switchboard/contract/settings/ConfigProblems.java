package dev.switchboard.contract.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Collects what is wrong with a service's settings so that start-up fails once, naming every key at fault, rather
 * than on the first. Keys given to {@link #positive} and {@link #notNegative} are written after the prefix.
 */
public final class ConfigProblems {

    private final String prefix;
    private final List<String> messages = new ArrayList<>();

    /** Problems of keys written in full. */
    public ConfigProblems() {
        this("");
    }

    /** Problems of keys under {@code prefix} (for example {@code "switchboard.cache."}). */
    public ConfigProblems(String prefix) {
        this.prefix = prefix;
    }

    /** A count or size of at least 1. */
    public ConfigProblems positive(String key, long value) {
        return require(value >= 1, prefix + key + " must be at least 1, not " + value);
    }

    /** A duration longer than zero. */
    public ConfigProblems positive(String key, Duration value) {
        return require(
                !value.isNegative() && !value.isZero(), prefix + key + " must be a positive duration, not " + value);
    }

    /** A bound where 0 is valid (nothing may wait: every such request is refused at once). */
    public ConfigProblems notNegative(String key, long value) {
        return require(value >= 0, prefix + key + " must not be negative, not " + value);
    }

    /** A duration of zero or more. */
    public ConfigProblems notNegative(String key, Duration value) {
        return require(!value.isNegative(), prefix + key + " must not be negative, not " + value);
    }

    /** Adds {@code message}, which must name its keys in full, unless {@code condition} holds. */
    public ConfigProblems require(boolean condition, String message) {
        if (!condition) {
            messages.add(message);
        }
        return this;
    }

    /** Runs {@code check}, adding the message of the {@link IllegalStateException} it throws. */
    public ConfigProblems collect(Runnable check) {
        try {
            check.run();
        } catch (IllegalStateException e) {
            messages.add(e.getMessage());
        }
        return this;
    }

    /** Every problem so far, each naming its keys; empty when the service may start. */
    public List<String> list() {
        return List.copyOf(messages);
    }

    /** Fails start-up with every problem at once, after {@code what} (for example "the gateway cannot start"). */
    public void throwIfAny(String what) {
        throwIfAny(what, messages);
    }

    /** As {@link #throwIfAny(String)}, for problems already listed. */
    public static void throwIfAny(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(what + ":\n  - " + String.join("\n  - ", problems));
        }
    }
}
