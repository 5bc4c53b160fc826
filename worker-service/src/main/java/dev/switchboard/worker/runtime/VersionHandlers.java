package dev.switchboard.worker.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.lifecycle.LifecycleHandlers;
import dev.switchboard.worker.lifecycle.Notices;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;

/**
 * A version's {@code install} and {@code activate} handlers, for the lifecycle: run on the lifecycle's own
 * handler pool with the install or activate timeout as deadline, so a hanging install cannot take an event
 * thread; what they posted leaves once they succeeded.
 */
final class VersionHandlers implements LifecycleHandlers {

    private static final Logger LOG = Logger.getLogger(VersionHandlers.class);

    private final VersionInvoker invoker;
    private final LoadedVersions loaded;
    private final HandlerPool pool;
    private final Notices notices;
    private final URI source;
    private final ObjectMapper json;
    private final Duration abandonGrace;

    VersionHandlers(
            VersionInvoker invoker,
            LoadedVersions loaded,
            HandlerPool pool,
            Notices notices,
            URI source,
            ObjectMapper json,
            Duration abandonGrace) {
        this.invoker = invoker;
        this.loaded = loaded;
        this.pool = pool;
        this.notices = notices;
        this.source = source;
        this.json = json;
        this.abandonGrace = abandonGrace;
    }

    @Override
    public Optional<String> run(Kind kind, RegistrationRecord registration, String version, Duration timeout) {
        EventContext context =
                new EventContext(new EventContext.Seed(UUID.randomUUID().toString(), source, json));
        Consumer<ServiceWorker> call =
                kind == Kind.INSTALL ? worker -> worker.onInstall(context) : worker -> worker.onActivate(context);
        Optional<Throwable> failure;
        try {
            failure = invoker.invoke(
                            new Target(registration, version),
                            context,
                            call,
                            pool,
                            timeout,
                            Context.current(),
                            () -> {})
                    .get(timeout.plus(abandonGrace).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of(e);
        } catch (ExecutionException | TimeoutException e) {
            failure = Optional.of(e);
        }
        if (failure.isEmpty()) {
            // What install/activate posted (to clients they looked up) leaves once they succeeded.
            List<CloudEvent> posted = context.posted();
            if (!posted.isEmpty()) {
                notices.publish(posted);
            }
        }
        return failure.map(Throwable::toString);
    }

    @Override
    public String declaredRoutes(String version) {
        try {
            return loaded.instance(version).routes().json();
        } catch (RuntimeException | LinkageError e) {
            // No fast path then: every request in scope still reaches the worker, which applies the same routes.
            LOG.warnf(e, "the routes of version %s could not be read; the gateway will not answer for it", version);
            return DeclaredRoutes.NONE.json();
        }
    }
}
