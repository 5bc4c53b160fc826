package dev.switchboard.worker.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.switchboard.contract.hazelcast.RegistrationRecord;

/**
 * Futures that complete when a registration reaches a state, fed by the registrations map's entry events (no
 * polling): what fetch events waiting for activation, and a starting node waiting for its built-ins, wait on.
 */
public final class ActivationWatch {

    private record Waiter(Predicate<RegistrationRecord> wanted, CompletableFuture<Boolean> done) {}

    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Lifecycle lifecycle;

    public ActivationWatch(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * Completes with true once the registration satisfies {@code wanted}, with false when it is gone or
     * {@code timeout} passed first.
     */
    public CompletableFuture<Boolean> until(
            String registrationId, Predicate<RegistrationRecord> wanted, Duration timeout) {
        Waiter waiter = new Waiter(wanted, new CompletableFuture<>());
        waiters.compute(registrationId, (id, list) -> {
            List<Waiter> all = list == null ? new CopyOnWriteArrayList<>() : list;
            all.add(waiter);
            return all;
        });
        // Registered first, then read: a change between the two reaches the waiter through changed().
        changed(registrationId, lifecycle.get(registrationId).orElse(null));
        waiter.done()
                .completeOnTimeout(false, timeout.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((result, failure) -> forget(registrationId, waiter));
        return waiter.done();
    }

    /** The registration changed (or is gone: {@code current} null). */
    void changed(String registrationId, RegistrationRecord current) {
        List<Waiter> list = waiters.get(registrationId);
        if (list == null) {
            return;
        }
        list.stream().filter(w -> current == null || w.wanted().test(current)).forEach(w -> w.done()
                .complete(current != null));
    }

    private void forget(String registrationId, Waiter waiter) {
        waiters.computeIfPresent(registrationId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }
}
