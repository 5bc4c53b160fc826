package dev.switchboard.worker.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
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

    /** Completes with the failure of the handler or of its promises, empty when both succeeded in time. */
    CompletableFuture<Optional<Throwable>> invoke(
            Target target,
            EventContext context,
            Consumer<ServiceWorker> call,
            HandlerPool pool,
            Duration deadline,
            Context trace,
            Runnable beforeCall) {
        long started = System.nanoTime();
        return pool.submit(
                        () -> {
                            beforeCall.run();
                            // The handler runs in the event's span: what it calls (self.fetch, the caches) is traced
                            // beneath it.
                            try (Scope scope = trace.makeCurrent()) {
                                return call(target, context, call);
                            }
                        },
                        deadline)
                .thenCompose(ran -> context.extensionsSettled(deadline.minusNanos(System.nanoTime() - started)))
                .handle((done, failure) -> failure == null ? Optional.empty() : Optional.of(cause(failure, deadline)));
    }

    /** The handler method itself, with the version's class loader as the thread's context loader. */
    private Void call(Target target, EventContext context, Consumer<ServiceWorker> call) {
        ServiceWorker worker = loaded.instance(target.version());
        context.bind(new GlobalScope(services, target.registration(), target.version(), context), services.ports());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(worker.getClass().getClassLoader());
        try {
            call.accept(worker);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return null;
    }

    private static Throwable cause(Throwable failure, Duration deadline) {
        Throwable cause = Failures.unwrap(failure);
        // waitUntil promises still pending at the deadline: the same as a handler that ran too long.
        return cause instanceof TimeoutException ? new HandlerDeadlineException(deadline) : cause;
    }
}
