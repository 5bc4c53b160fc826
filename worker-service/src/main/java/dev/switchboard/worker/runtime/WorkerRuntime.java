package dev.switchboard.worker.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheStorages;
import dev.switchboard.cache.api.HttpUpstream;
import dev.switchboard.cache.api.Upstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.BundleStore;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.engine.EventHandling;
import dev.switchboard.worker.engine.Failures;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.event.EventAdapter;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.lifecycle.ActivationWatch;
import dev.switchboard.worker.lifecycle.InFlight;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.LifecycleDriver;
import dev.switchboard.worker.lifecycle.Notices;
import dev.switchboard.worker.scope.ChannelPublisher;
import dev.switchboard.worker.scope.MessagePortRegistry;
import dev.switchboard.worker.scope.NotificationPublisher;
import dev.switchboard.worker.scope.ScopeServices;
import dev.switchboard.worker.scope.SyncRegistrar;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;

/**
 * One worker node's runtime, without Quarkus: bundles, loaded versions, the lifecycle and the event table (from
 * CloudEvent type to handler method). The service builds one from its configuration; a test can build two over
 * the same Hazelcast cluster and Kafka broker and get two independent nodes. What it shares with other nodes
 * lives only in Hazelcast and Kafka. Construction only wires; {@link #start()} joins the cluster's lifecycle.
 */
public final class WorkerRuntime implements EventHandling, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerRuntime.class);

    private final WorkerSettings settings;
    private final BuiltinWorkers builtins;
    private final BundleStore bundles;
    private final InFlight inFlight;
    private final Lifecycle lifecycle;
    private final ActivationWatch activations;
    private final LifecycleDriver driver;
    private final IMap<String, ClientRecord> clientRegistry;
    private final VersionInvoker invoker;
    private final HandlerPool events;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    // Meters resolved once per tag values rather than looked up (tags sorted, id hashed) on every event.
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final HandlerCounters handled;
    private final HandlerCounters failures;
    private final URI source;
    private final Map<String, EventAdapter> adapters = new LinkedHashMap<>();
    private final CompletableFuture<Void> builtinsActive = new CompletableFuture<>();

    /**
     * @param events the pool event handlers run on
     * @param lifecyclePool the pool install and activate handlers run on
     */
    public WorkerRuntime(
            HazelcastInstance hazelcast,
            WorkerSettings settings,
            BuiltinWorkers builtins,
            Notices notices,
            List<EventAdapter> eventAdapters,
            ObjectMapper json,
            MeterRegistry meters,
            OutboundHttp outbound,
            ChannelPublisher channels,
            HandlerPool events,
            HandlerPool lifecyclePool) {
        this.settings = settings;
        this.builtins = builtins;
        this.json = json;
        this.meters = meters;
        this.handled = new HandlerCounters(meters, "switchboard.worker.events.handled");
        this.failures = new HandlerCounters(meters, "switchboard.worker.handler.failures");
        this.events = events;
        this.source = ServiceSources.of("worker-service", settings.nodeId());
        this.bundles = new BundleStore(hazelcast, builtins, settings.bundleLimits());
        LoadedVersions loaded = new LoadedVersions(bundles, builtins, settings.maxLoadedVersions());
        this.inFlight = new InFlight(
                hazelcast,
                settings.nodeId(),
                settings.lifecycle().handlerTimeout().multipliedBy(2));
        this.clientRegistry = hazelcast.getMap(HazelcastNames.CLIENTS);
        Upstream upstream =
                HttpUpstream.relaying(outbound, settings.upstreamTimeout(), settings.upstreamMaxBodyBytes());
        CacheStorages caches =
                new HazelcastCacheStorages(hazelcast, settings.cacheLimits(), upstream, CacheListener.NONE);
        this.lifecycle =
                new Lifecycle(hazelcast, bundles, inFlight, notices, settings.lifecycle(), meters, settings.nodeId());
        this.activations = new ActivationWatch(lifecycle);
        ScopeServices services = new ScopeServices(
                caches,
                clientRegistry,
                lifecycle,
                new NotificationPublisher(json, source, settings.notificationMaxBytes()),
                new SyncRegistrar(json, source, settings.syncMaxPayloadBytes()),
                channels,
                new MessagePortRegistry(hazelcast.getMap(HazelcastNames.MESSAGE_PORTS), channels),
                upstream);
        this.invoker = new VersionInvoker(loaded, services);
        this.driver = new LifecycleDriver(
                hazelcast,
                lifecycle,
                new VersionHandlers(
                        invoker,
                        loaded,
                        lifecyclePool,
                        notices,
                        source,
                        json,
                        settings.engine().abandonGrace()),
                activations,
                settings.lifecycle());
        eventAdapters.forEach(adapter -> adapters.put(adapter.eventType(), adapter));
    }

    /**
     * Joins the cluster's lifecycle and registers the built-in workers; completes once they are active (an event
     * for a registration with no active version cannot be handled yet), or fails after a transition lease.
     */
    public CompletableFuture<Void> start() {
        driver.start();
        List<CompletableFuture<Boolean>> active = new ArrayList<>();
        for (BuiltinWorkers.Builtin builtin : builtins.all()) {
            String id =
                    lifecycle.register(builtin.scriptUrl(), null, null, null).id();
            active.add(driver.awaitActivated(id, settings.lifecycle().transitionLease())
                    .thenApply(activated -> {
                        if (!activated) {
                            throw new IllegalStateException("built-in worker " + id + " did not become active within "
                                    + settings.lifecycle().transitionLease());
                        }
                        return true;
                    }));
        }
        CompletableFuture.allOf(active.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            if (failure == null) {
                builtinsActive.complete(null);
            } else {
                builtinsActive.completeExceptionally(failure);
            }
        });
        return builtinsActive;
    }

    /** True once every built-in worker is active: the node can take events. */
    public boolean ready() {
        return builtinsActive.isDone() && !builtinsActive.isCompletedExceptionally();
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }

    public BundleStore bundles() {
        return bundles;
    }

    /** The handler kind ({@code message}, {@code fetch}…) of an event type, empty when no adapter takes it. */
    public Optional<String> kindOf(String eventType) {
        return Optional.ofNullable(adapters.get(eventType)).map(EventAdapter::kind);
    }

    @Override
    public boolean retryable(CloudEvent event) {
        EventAdapter adapter = adapters.get(event.getType());
        return adapter != null && !adapter.answersFailures();
    }

    @Override
    public String kind(CloudEvent event) {
        return kindOf(event.getType()).orElse("unknown");
    }

    /**
     * Runs the handler of {@code event}'s type in the version that must handle it (the client's controller, or
     * the registration's active version): routing and opening on an event thread, waiting for activation without
     * one, the handler within its deadline.
     */
    @Override
    public CompletionStage<Outcome> handle(CloudEvent event, int attempt, Context trace) {
        EventAdapter adapter = adapters.get(event.getType());
        if (adapter == null) {
            return CompletableFuture.completedFuture(
                    Outcome.unroutable(new InvalidEventException("no handler kind for type " + event.getType())));
        }
        Duration deadline = settings.engine().handlerDeadline();
        if (adapter.waitsForActivation()) {
            // Routed first (its wait for activation holds no thread), then run: two tasks.
            return events.submit(() -> open(event, adapter), deadline)
                    .thenCompose(this::awaitActivation)
                    .thenCompose(opened -> run(event, adapter, opened, deadline, trace))
                    .exceptionally(failure -> Outcome.unroutable(Failures.unwrap(failure)));
        }
        // Routed, opened and run in one task: a second hop to the pool per event showed in the event path's profile.
        Timer.Sample sample = Timer.start(meters);
        return invoker.invokeRouted(
                        () -> open(event, adapter),
                        adapter::call,
                        events,
                        deadline,
                        trace,
                        routed -> started(routed.target()))
                .thenCompose(invoked -> invoked.bound() == null
                        ? done(Outcome.unroutable(
                                Failures.unwrap(invoked.failure().orElseThrow())))
                        : settle(event, adapter, invoked.bound(), invoked.failure(), sample))
                .exceptionally(failure -> Outcome.unroutable(Failures.unwrap(failure)));
    }

    private VersionInvoker.Bound open(CloudEvent event, EventAdapter adapter) {
        return new VersionInvoker.Bound(
                target(event), adapter.open(event, new EventContext.Seed(event.getId(), source, json)));
    }

    private CompletionStage<Outcome> run(
            CloudEvent event, EventAdapter adapter, VersionInvoker.Bound opened, Duration deadline, Context trace) {
        Timer.Sample sample = Timer.start(meters);
        EventContext context = opened.context();
        return invoker.invoke(
                        opened.target(),
                        context,
                        worker -> adapter.call(worker, context),
                        events,
                        deadline,
                        trace,
                        () -> started(opened.target()))
                .thenCompose(failure -> settle(event, adapter, opened, failure, sample));
    }

    private void started(Target target) {
        if (target.tracked()) {
            inFlight.started(target.registration().id(), target.version());
        }
    }

    /** The handler of a routed event ran (or failed): counted, and what it posted taken as its outcome. */
    private CompletionStage<Outcome> settle(
            CloudEvent event,
            EventAdapter adapter,
            VersionInvoker.Bound opened,
            Optional<Throwable> failure,
            Timer.Sample sample) {
        Target target = opened.target();
        EventContext context = opened.context();
        String registrationId = target.registration().id();
        if (target.tracked()) {
            inFlight.finished(registrationId, target.version());
        }
        sample.stop(duration(adapter.kind()));
        (failure.isPresent() ? failures : handled)
                .of(registrationId, target.version(), adapter.kind())
                .increment();
        failure.ifPresent(cause -> LOG.debugf(
                "the %s handler of %s (version %s) failed on event %s: %s",
                adapter.kind(), registrationId, target.version(), event.getId(), cause));
        if (failure.isEmpty()) {
            context.closeHeldPorts();
        }
        return adapter.outcome(event, context, failure)
                .thenApply(outgoing -> new Outcome(
                        registrationId,
                        target.version(),
                        adapter.kind(),
                        outgoing,
                        failure,
                        adapter.answersFailures()));
    }

    private Timer duration(String kind) {
        Timer timer = durations.get(kind);
        // Only a miss builds the lambda (it captures this).
        return timer != null
                ? timer
                : durations.computeIfAbsent(kind, k -> meters.timer("switchboard.worker.handler.duration", "kind", k));
    }

    /**
     * The counters of one name by registration, version and kind, in maps nested by tag value: finding one builds
     * no key (a list or record of the three would be one more object per event). Like the registry, which keeps
     * every meter it made, they hold one entry per tag values seen.
     */
    private static final class HandlerCounters {

        private final MeterRegistry meters;
        private final String name;
        private final Map<String, Map<String, Map<String, Counter>>> byRegistration = new ConcurrentHashMap<>();

        HandlerCounters(MeterRegistry meters, String name) {
            this.meters = meters;
            this.name = name;
        }

        Counter of(String registrationId, String version, String kind) {
            Map<String, Counter> byKind = inner(inner(byRegistration, registrationId), version);
            Counter counter = byKind.get(kind);
            // Only a miss builds the lambda that captures the tags.
            return counter != null
                    ? counter
                    : byKind.computeIfAbsent(
                            kind,
                            k -> meters.counter(name, "registration", registrationId, "version", version, "kind", k));
        }

        /** Read first: a hit takes no lock of the map's bin. */
        private static <V> Map<String, V> inner(Map<String, Map<String, V>> outer, String key) {
            Map<String, V> inner = outer.get(key);
            return inner != null ? inner : outer.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        }
    }

    /** Fetch events wait while their version is {@code activating}, up to the activate timeout, on no thread. */
    private CompletionStage<VersionInvoker.Bound> awaitActivation(VersionInvoker.Bound opened) {
        Target target = opened.target();
        if (!target.registration().isActivating(target.version())) {
            return done(opened);
        }
        return activations
                .until(
                        target.registration().id(),
                        r -> !r.isActivating(target.version()),
                        settings.lifecycle().activateTimeout())
                .thenApply(changed -> opened);
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private Target target(CloudEvent event) {
        Optional<String> named = SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID);
        String version = SwitchboardEvents.extension(event, EventExtensions.WORKER_VERSION)
                .or(() -> SwitchboardEvents.extension(event, EventExtensions.CLIENT_ID)
                        .map(clientRegistry::get)
                        .map(ClientRecord::controller))
                .orElse("");
        if (!version.isEmpty()) {
            // Each client stays on the version that controls it: its events go there, whatever is active now.
            Optional<RegistrationRecord> controlled = named.flatMap(id -> lifecycle.version(id, version))
                    .filter(v -> !v.is(LifecycleState.REDUNDANT))
                    .or(() -> lifecycle.liveVersions(version).stream().findFirst())
                    .flatMap(v -> lifecycle.get(v.registrationId()));
            if (controlled.isPresent()) {
                return new Target(controlled.get(), version);
            }
        }
        String id =
                named.orElseThrow(() -> new InvalidEventException("event " + event.getId() + " names no registration"));
        RegistrationRecord registration =
                lifecycle.get(id).orElseThrow(() -> new InvalidEventException("no registration '" + id + "'"));
        if (registration.activeVersion().isEmpty()) {
            // Not an error of the event: the registration may activate before the next attempt.
            throw new IllegalStateException("registration '" + id + "' has no active version yet");
        }
        return new Target(registration, registration.activeVersion());
    }

    @Override
    public void close() {
        driver.close();
    }
}
