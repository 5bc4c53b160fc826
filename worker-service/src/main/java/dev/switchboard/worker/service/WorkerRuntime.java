package dev.switchboard.worker.service;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;

import dev.switchboard.cache.api.CacheLimits;
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
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.BundleStore;
import dev.switchboard.worker.bundle.InvalidBundleException;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.lifecycle.InFlight;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.LifecycleHandlers;
import dev.switchboard.worker.strategies.DeclaredRoutes;
import dev.switchboard.worker.lifecycle.Notices;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One worker node's runtime, without Quarkus: bundles, loaded versions, the lifecycle and the event table. The
 * service builds one from its configuration; a test can build two over the same Hazelcast cluster and Kafka
 * broker and get two independent nodes. What it shares with other nodes lives only in Hazelcast and Kafka.
 */
public final class WorkerRuntime implements LifecycleHandlers, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerRuntime.class);
    private static final int BACKGROUND_QUEUE = 1024;

    private final WorkerSettings settings;
    private final BundleStore bundles;
    private final LoadedVersions loaded;
    private final InFlight inFlight;
    private final Lifecycle lifecycle;
    private final IMap<String, ClientRecord> clientRegistry;
    private final CacheStorages cacheStorages;
    private final Upstream upstream;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final URI source;
    private final Map<String, EventAdapter> adapters = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor background;
    private final UUID clientListener;
    private final Notices notices;
    private final NotificationPublisher notifications;
    private final SyncRegistrar syncs;

    public WorkerRuntime(HazelcastInstance hazelcast, WorkerSettings settings, BuiltinWorkers builtins, Notices notices,
            List<EventAdapter> eventAdapters, ObjectMapper json, MeterRegistry meters, OutboundHttp outbound) {
        this.settings = settings;
        this.notices = notices;
        this.json = json;
        this.meters = meters;
        this.source = ServiceSources.of("worker-service", settings.nodeId());
        this.notifications = new NotificationPublisher(json, source, settings.notificationMaxBytes());
        this.syncs = new SyncRegistrar(json, source, settings.syncMaxPayloadBytes());
        this.bundles = new BundleStore(hazelcast, builtins, settings.bundleLimits());
        this.loaded = new LoadedVersions(bundles, builtins, settings.maxLoadedVersions());
        this.inFlight = new InFlight(hazelcast, settings.nodeId(), settings.lifecycle().handlerTimeout().multipliedBy(2));
        this.clientRegistry = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.upstream = HttpUpstream.relaying(outbound, settings.upstreamTimeout(), settings.upstreamMaxBodyBytes());
        this.cacheStorages = new HazelcastCacheStorages(hazelcast, CacheLimits.DEFAULTS, upstream, CacheListener.NONE);
        // Bounded: transitions and controller assignments queue here; past the bound the reconcile catches up.
        this.background = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BACKGROUND_QUEUE),
                daemon("worker-lifecycle"),
                (task, pool) -> LOG.debug("the lifecycle queue is full; the next reconcile picks the work up"));
        this.lifecycle = new Lifecycle(hazelcast, bundles, inFlight, notices, settings.lifecycle(), meters,
                settings.nodeId(), background);
        this.lifecycle.handlers(this);
        eventAdapters.forEach(adapter -> adapters.put(adapter.eventType(), adapter));
        for (BuiltinWorkers.Builtin builtin : builtins.all()) {
            // Built-ins are active before the node takes events: an event for a registration with no active
            // version is passed over. register() starts the install on the lifecycle executor, so wait for it.
            String id = lifecycle.register(builtin.scriptUrl(), null, null, null).id();
            if (!lifecycle.awaitActivated(id)) {
                LOG.warnf("built-in worker %s is not active yet; its events are passed over until it is", id);
            }
        }
        this.clientListener = clientRegistry.addEntryListener(
                (EntryAddedListener<String, ClientRecord>) this::clientConnected, true);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                daemon("worker-reconcile"));
        long every = settings.lifecycle().reconcileInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
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

    NotificationPublisher notifications() {
        return notifications;
    }

    SyncRegistrar syncs() {
        return syncs;
    }

    CacheStorages cacheStorages() {
        return cacheStorages;
    }

    Upstream upstream() {
        return upstream;
    }

    IMap<String, ClientRecord> clientRegistry() {
        return clientRegistry;
    }

    /** What handling one event produced: what to publish, and the handler's failure if it failed. */
    public record Outcome(String registrationId, String version, String kind, List<CloudEvent> outgoing,
            Optional<Throwable> failure) {
    }

    /**
     * Runs the handler of {@code event}'s type in the version that must handle it (the client's controller, or
     * the registration's active version). Throws {@link InvalidEventException} for an event that breaks the
     * contract; a handler's failure is in the outcome.
     */
    public Outcome handle(CloudEvent event) {
        EventAdapter adapter = adapters.get(event.getType());
        if (adapter == null) {
            throw new InvalidEventException("no handler kind for type " + event.getType());
        }
        Target target = target(event);
        if (adapter.waitsForActivation()) {
            awaitActivation(target);
        }
        EventContext context = adapter.open(event, new EventContext.Seed(event.getId(), source, json));
        // Built-ins are never unregistered and activate without clients to wait for: their events need no
        // cluster-wide in-flight mark (two Hazelcast writes saved on the default path).
        boolean tracked = !target.registration().scope().startsWith(BuiltinWorkers.SCHEME);
        if (tracked) {
            inFlight.started(target.registration().id());
        }
        try {
            Optional<Throwable> failure = invoke(target, context, worker -> adapter.call(worker, context),
                    settings.lifecycle().handlerTimeout());
            meters.counter(failure.isPresent() ? "switchboard.worker.handler.failures" : "switchboard.worker.events.handled",
                    "registration", target.registration().id(), "kind", adapter.kind()).increment();
            return new Outcome(target.registration().id(), target.version(), adapter.kind(),
                    adapter.outcome(event, context, failure), failure);
        } finally {
            if (tracked) {
                inFlight.finished(target.registration().id());
            }
        }
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

    @Override
    public Optional<String> run(Kind kind, RegistrationRecord registration, String version, Duration timeout) {
        EventContext context = new EventContext(new EventContext.Seed(UUID.randomUUID().toString(), source, json));
        Consumer<ServiceWorker> call = kind == Kind.INSTALL ? worker -> worker.onInstall(context)
                : worker -> worker.onActivate(context);
        Optional<Throwable> failure = invoke(new Target(registration, version), context, call, timeout);
        if (failure.isEmpty()) {
            // What install/activate posted (to clients they looked up) leaves once they succeeded.
            List<CloudEvent> posted = context.posted();
            if (!posted.isEmpty()) {
                notices.publish(posted);
            }
        }
        return failure.map(Throwable::toString);
    }

    private Optional<Throwable> invoke(Target target, EventContext context, Consumer<ServiceWorker> call, Duration timeout) {
        long deadline = EventContext.deadline(timeout);
        ServiceWorker worker;
        try {
            worker = loaded.instance(target.version());
        } catch (InvalidBundleException e) {
            return Optional.of(e);
        }
        context.bind(new GlobalScope(this, target.registration(), target.version(), context));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(worker.getClass().getClassLoader());
        try {
            call.accept(worker);
            context.awaitExtensions(deadline);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(e);
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (RuntimeException | TimeoutException | LinkageError e) {
            return Optional.of(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The registration and version an event goes to. */
    record Target(RegistrationRecord registration, String version) {
    }

    private Target target(CloudEvent event) {
        Optional<String> named = SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID);
        String version = SwitchboardEvents.extension(event, EventExtensions.WORKER_VERSION)
                .or(() -> SwitchboardEvents.extension(event, EventExtensions.CLIENT_ID)
                        .map(clientRegistry::get).map(ClientRecord::controller))
                .orElse("");
        if (!version.isEmpty()) {
            // Each client stays on the version that controls it: its events go there, whatever is active now.
            List<VersionRecord> live = lifecycle.liveVersions(version);
            Optional<VersionRecord> match = live.stream()
                    .filter(v -> named.map(v.registrationId()::equals).orElse(false)).findFirst()
                    .or(() -> live.stream().findFirst());
            Optional<RegistrationRecord> registration = match.flatMap(v -> lifecycle.get(v.registrationId()));
            if (registration.isPresent()) {
                return new Target(registration.get(), version);
            }
        }
        String id = named.orElseThrow(() -> new InvalidEventException("event " + event.getId() + " names no registration"));
        RegistrationRecord registration = lifecycle.get(id)
                .orElseThrow(() -> new InvalidEventException("no registration '" + id + "'"));
        if (registration.activeVersion().isEmpty()) {
            throw new InvalidEventException("registration '" + id + "' has no active version");
        }
        return new Target(registration, registration.activeVersion());
    }

    /** Fetch events wait while their version is {@code activating}, up to the activate timeout. */
    private void awaitActivation(Target target) {
        long deadline = EventContext.deadline(settings.lifecycle().activateTimeout());
        String id = target.registration().id();
        RegistrationRecord current = target.registration();
        while (current != null && target.version().equals(current.activeVersion())
                && Lifecycle.ACTIVATING.equals(current.activeState()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            current = lifecycle.get(id).orElse(null);
        }
    }

    private void clientConnected(EntryEvent<String, ClientRecord> event) {
        ClientRecord client = event.getValue();
        if (client != null && client.controller().isEmpty() && !client.url().isEmpty()) {
            background.execute(() -> {
                try {
                    lifecycle.controlIfInScope(client);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "could not set the controller of client %s", client.clientId());
                }
            });
        }
    }

    private void reconcile() {
        try {
            lifecycle.reconcile();
        } catch (RuntimeException e) {
            LOG.warnf(e, "lifecycle reconcile failed; retrying in %s", settings.lifecycle().reconcileInterval());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        background.shutdownNow();
        try {
            clientRegistry.removeEntryListener(clientListener);
        } catch (RuntimeException e) {
            LOG.debugf("the client listener could not be removed (the cluster is gone): %s", e.getMessage());
        }
    }
}
