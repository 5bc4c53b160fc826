package dev.switchboard.worker.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.engine.Failures;
import dev.switchboard.worker.engine.HandlerDeadlineException;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.scope.GlobalScope;
import dev.switchboard.worker.scope.ScopeServices;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Runs one handler method of one version: on a {@link HandlerPool} thread whose context class loader is the
 * version's, with {@code self} bound, then waits (without a thread) for its {@code waitUntil} promises — all of it
 * within one deadline. The same for events and for install/activate.
 */
final class VersionInvoker {

    private final LoadedVersions loaded;
    private final ScopeServices services;

    VersionInvoker(LoadedVersions loaded, ScopeServices services) {
        this.loaded = loaded;
        this.services = services;
    }

    /** Where an invocation runs: the version's target, and the event as its handler sees it. */
    record Bound(Target target, EventContext context) {}

    /**
     * How an invocation ended: {@code bound} null when the handler never ran (routing failed, or the deadline
     * passed before it was routed), {@code failure} that of the routing, the handler or its promises.
     */
    record Invoked(Bound bound, Optional<Throwable> failure) {}

    // Taken by the completion when the task had not bound its target by then: the task then runs nothing.
    private static final Bound GAVE_UP = new Bound(null, null);

    /** Completes with the failure of the handler or of its promises, empty when both succeeded in time. */
    CompletableFuture<Optional<Throwable>> invoke(
            Target target,
            EventContext context,
            Consumer<ServiceWorker> call,
            HandlerPool pool,
            Duration deadline,
            Context trace,
            Runnable beforeCall) {
        Bound bound = new Bound(target, context);
        return invokeRouted(
                        () -> bound,
                        (worker, event) -> call.accept(worker),
                        pool,
                        deadline,
                        trace,
                        routed -> beforeCall.run())
                .thenApply(Invoked::failure);
    }

    /**
     * The same, {@code route} finding the target and opening the event on the pool thread first, within the same
     * deadline: one task per event rather than one to route and another to run. {@code beforeCall} runs only for
     * a routed event, and then the returned {@link Invoked} names it.
     */
    CompletableFuture<Invoked> invokeRouted(
            Callable<Bound> route,
            BiConsumer<ServiceWorker, EventContext> call,
            HandlerPool pool,
            Duration deadline,
            Context trace,
            Consumer<Bound> beforeCall) {
        long started = System.nanoTime();
        AtomicReference<Bound> routed = new AtomicReference<>();
        return pool.submit(
                        () -> {
                            Bound bound = route.call();
                            if (!routed.compareAndSet(null, bound)) {
                                // Past the deadline already: nothing runs, nothing is marked in flight.
                                return null;
                            }
                            beforeCall.accept(bound);
                            // The handler runs in the event's span: what it calls (self.fetch, the caches) is traced
                            // beneath it.
                            try (Scope scope = trace.makeCurrent()) {
                                return call(bound, call);
                            }
                        },
                        deadline)
                .thenCompose(
                        bound -> bound.context().extensionsSettled(deadline.minusNanos(System.nanoTime() - started)))
                .handle((done, failure) -> {
                    Bound bound = routed.compareAndExchange(null, GAVE_UP);
                    return new Invoked(
                            bound, failure == null ? Optional.empty() : Optional.of(cause(failure, deadline)));
                });
    }

    /** The handler method itself, with the version's class loader as the thread's context loader. */
    private Bound call(Bound bound, BiConsumer<ServiceWorker, EventContext> call) {
        Target target = bound.target();
        EventContext context = bound.context();
        ServiceWorker worker = loaded.instance(target.version());
        context.bind(new GlobalScope(services, target.registration(), target.version(), context), services.ports());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(worker.getClass().getClassLoader());
        try {
            call.accept(worker, context);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return bound;
    }

    private static Throwable cause(Throwable failure, Duration deadline) {
        Throwable cause = Failures.unwrap(failure);
        // waitUntil promises still pending at the deadline: the same as a handler that ran too long.
        return cause instanceof TimeoutException ? new HandlerDeadlineException(deadline) : cause;
    }
}
