package dev.switchboard.worker.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;
import dev.switchboard.worker.bundle.BundleStore;
import dev.switchboard.worker.bundle.Digests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

/**
 * The service-worker lifecycle, cluster-wide: installing → installed (waiting) → activating → activated →
 * redundant. Every state lives in Hazelcast ({@link HazelcastNames#REGISTRATIONS}, {@link HazelcastNames#VERSIONS}),
 * so any node can carry on where another stopped. A transition runs on the one node holding the registration's
 * lease in {@link HazelcastNames#TRANSITIONS} (a put-if-absent with a time to live: a node that dies mid-transition
 * lets it expire, and the next node's reconcile runs the transition again). Records change under the
 * registration's map lock, held only for the read-modify-write, never across a handler. docs/lifecycle.md.
 */
public final class Lifecycle {

    public static final String INSTALLING = "installing";
    public static final String INSTALLED = "installed";
    public static final String ACTIVATING = "activating";
    public static final String ACTIVATED = "activated";
    public static final String REDUNDANT = "redundant";
    static final List<String> STATES = List.of(INSTALLING, INSTALLED, ACTIVATING, ACTIVATED, REDUNDANT);

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final IMap<String, RegistrationRecord> registrations;
    private final IMap<String, VersionRecord> versions;
    private final IMap<String, ClientRecord> clients;
    private final IMap<String, String> transitions;
    private final BundleStore bundles;
    private final InFlight inFlight;
    private final Notices notices;
    private final LifecycleSettings settings;
    private final MeterRegistry meters;
    private final String nodeId;
    private final Executor background;
    private final Map<String, AtomicLong> versionsByState = new LinkedHashMap<>();
    private volatile LifecycleHandlers handlers;

    public Lifecycle(HazelcastInstance hazelcast, BundleStore bundles, InFlight inFlight, Notices notices,
            LifecycleSettings settings, MeterRegistry meters, String nodeId, Executor background) {
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.versions = hazelcast.getMap(HazelcastNames.VERSIONS);
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.transitions = hazelcast.getMap(HazelcastNames.TRANSITIONS);
        this.bundles = bundles;
        this.inFlight = inFlight;
        this.notices = notices;
        this.settings = settings;
        this.meters = meters;
        this.nodeId = nodeId;
        this.background = background;
        for (String state : STATES) {
            versionsByState.put(state, meters.gauge("switchboard.worker.versions",
                    List.of(Tag.of("state", state)), new AtomicLong()));
        }
    }

    /** Set once by the runtime: the handlers need the lifecycle (skipWaiting, claim), so they come after it. */
    public void handlers(LifecycleHandlers lifecycleHandlers) {
        this.handlers = lifecycleHandlers;
    }

    /** The registration id of a scope: the same scope is always the same registration. */
    public static String idOf(String scope) {
        return "r-" + Digests.sha256(scope.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    /**
     * {@code navigator.serviceWorker.register(scriptUrl, {scope})}: the registration of the scope, created or
     * reused; a script whose current bundle is not the registration's newest version starts installing it.
     */
    public RegistrationRecord register(String scriptUrl, String scope, String allowedScope, String upstreamOrigin) {
        String resolvedScope = Scopes.resolve(scriptUrl, scope, allowedScope);
        String digest = bundles.current(scriptUrl).orElseThrow(() -> RegistrationException.notFound(
                "no bundle is published under the script URL " + scriptUrl));
        String upstream = upstreamOrigin == null || upstreamOrigin.isBlank()
                ? (resolvedScope.startsWith("http") ? Scopes.origin(resolvedScope) : "")
                : Scopes.origin(upstreamOrigin);
        String id = resolvedScope.startsWith("builtin:") ? scriptUrl.substring("builtin:".length()) : idOf(resolvedScope);
        long now = System.currentTimeMillis();
        RegistrationRecord after = mutate(id, existing -> {
            if (existing == null) {
                return new RegistrationRecord(id, resolvedScope, scriptUrl, upstream, digest, "", "", "", "[]", now);
            }
            if (digest.equals(newest(existing))) {
                return existing;
            }
            if (!existing.installingVersion().isEmpty()) {
                throw RegistrationException.conflict("registration " + id + " is installing "
                        + existing.installingVersion() + "; register again once it is installed or redundant");
            }
            return new RegistrationRecord(id, existing.scope(), scriptUrl, upstream, digest, existing.waitingVersion(),
                    existing.activeVersion(), existing.activeState(), existing.routesJson(), now);
        });
        startInstallIfNew(after, digest);
        return after;
    }

    /** {@code registration.update()}: installs the script's current bundle if its bytes differ from the newest version. */
    public RegistrationRecord update(String id) {
        RegistrationRecord current = get(id).orElseThrow(() -> RegistrationException.notFound("no registration " + id));
        // The registration's own scope is always allowed for it: an update never re-checks the maximum scope.
        return register(current.scriptUrl(), current.scope(), current.scope(), current.upstreamOrigin());
    }

    public Optional<RegistrationRecord> get(String id) {
        return Optional.ofNullable(registrations.get(id));
    }

    public List<RegistrationRecord> list() {
        return registrations.values().stream().sorted(Comparator.comparing(RegistrationRecord::scope)).toList();
    }

    /** {@code getRegistration(url)}: the registration whose scope is the longest prefix of {@code url}. */
    public Optional<RegistrationRecord> forUrl(String url) {
        return registrations.values().stream().filter(r -> Scopes.inScope(r.scope(), url))
                .max(Comparator.comparingInt(r -> r.scope().length()));
    }

    public Optional<VersionRecord> version(String registrationId, String digest) {
        return Optional.ofNullable(versions.get(VersionRecord.key(registrationId, digest)));
    }

    /** The live (not redundant) versions with this digest: how an event's {@code workerversion} finds its registration. */
    public List<VersionRecord> liveVersions(String digest) {
        Predicate<String, VersionRecord> query = Predicates.and(Predicates.equal("digest", digest),
                Predicates.notEqual("state", REDUNDANT));
        return List.copyOf(versions.values(query));
    }

    /**
     * {@code registration.unregister()}: the registration stops taking new events at once, its in-flight events
     * finish (up to the drain timeout), then its versions become redundant and its clients uncontrolled.
     */
    public boolean unregister(String id) {
        RegistrationRecord removed = registrations.remove(id);
        if (removed == null) {
            return false;
        }
        if (!inFlight.awaitIdle(id, settings.unregisterDrainTimeout())) {
            LOG.warnf("unregistered %s while some of its events still ran after %s", id, settings.unregisterDrainTimeout());
        }
        List<String> inScope = clientsInScope(removed.scope());
        for (String version : List.of(removed.installingVersion(), removed.waitingVersion(), removed.activeVersion())) {
            if (!version.isEmpty()) {
                changeVersion(removed, version, REDUNDANT, inScope);
                reassign(removed, version, "");
            }
        }
        return true;
    }

    /** {@code self.skipWaiting()} of {@code version}: it activates as soon as it is installed. */
    public void skipWaiting(String registrationId, String version) {
        String key = VersionRecord.key(registrationId, version);
        versions.lock(key);
        try {
            VersionRecord record = versions.get(key);
            if (record != null && !record.skipWaiting()) {
                versions.set(key, record.skippingWaiting(System.currentTimeMillis()));
            }
        } finally {
            versions.unlock(key);
        }
        advanceLater(registrationId);
    }

    /** {@code clients.claim()} by {@code version}: every client in scope that it does not control yet becomes its. */
    public void claim(String registrationId, String version) {
        RegistrationRecord registration = get(registrationId).orElseThrow(
                () -> new IllegalStateException("InvalidStateError: the registration is gone"));
        if (!version.equals(registration.activeVersion())) {
            throw new IllegalStateException("InvalidStateError: only the active version can claim clients");
        }
        // A client in a narrower registration's scope belongs to that one (the longest matching scope wins).
        List<String> narrower = registrations.values().stream().map(RegistrationRecord::scope)
                .filter(scope -> scope.length() > registration.scope().length() && scope.startsWith(registration.scope()))
                .toList();
        List<String> claimed = new ArrayList<>();
        for (ClientRecord client : clients.values(inScope(registration.scope()))) {
            boolean ours = narrower.stream().noneMatch(scope -> Scopes.inScope(scope, client.url()));
            if (ours && !version.equals(client.controller()) && setController(client, version)) {
                claimed.add(client.clientId());
            }
        }
        notices.send(EventTypes.CLIENT_CONTROLLERCHANGE, claimed, notice(registration, version));
    }

    /** A client that connected in scope while a version is active is controlled by it, as a page loaded in scope. */
    public void controlIfInScope(ClientRecord client) {
        if (!client.controller().isEmpty() || client.url().isEmpty()) {
            return;
        }
        forUrl(client.url()).filter(r -> !r.activeVersion().isEmpty())
                .ifPresent(r -> setController(client, r.activeVersion()));
    }

    /** Runs every transition due for the registration on this node, unless another node holds its lease. */
    public void advance(String registrationId) {
        if (transitions.putIfAbsent(registrationId, nodeId, settings.transitionLease().toMillis(), TimeUnit.MILLISECONDS) != null) {
            return;
        }
        try {
            int steps = 0;
            while (step(registrationId) && ++steps < 16) {
                // each step makes one transition; a registration has at most a handful pending
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "a lifecycle transition of %s failed; the next reconcile retries it", registrationId);
        } finally {
            transitions.remove(registrationId, nodeId);
        }
    }

    /**
     * Runs the registration's transitions until its active version is {@code activated}, for at most one transition
     * lease; {@code false} when it is not activated by then (another node may be running a long install). The
     * transitions run here when their lease is free, else wait for whichever thread or node holds it.
     */
    public boolean awaitActivated(String registrationId) {
        long deadline = System.nanoTime() + settings.transitionLease().toNanos();
        while (true) {
            Optional<RegistrationRecord> current = get(registrationId);
            if (current.isEmpty() || ACTIVATED.equals(current.get().activeState())) {
                return current.isPresent();
            }
            advance(registrationId);
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Called every reconcile interval on each node: starts whatever transitions are due anywhere in the cluster. */
    public void reconcile() {
        for (RegistrationRecord registration : registrations.values()) {
            if (due(registration) && !transitions.containsKey(registration.id())) {
                // On the lifecycle executor, so one long install does not hold up the others' transitions.
                advanceLater(registration.id());
            }
        }
        for (String state : STATES) {
            versionsByState.get(state).set(versions.keySet(Predicates.equal("state", state)).size());
        }
    }

    void advanceLater(String registrationId) {
        background.execute(() -> advance(registrationId));
    }

    private boolean due(RegistrationRecord r) {
        return !r.installingVersion().isEmpty() || ACTIVATING.equals(r.activeState())
                || (!r.waitingVersion().isEmpty() && canActivate(r));
    }

    private boolean step(String id) {
        RegistrationRecord r = registrations.get(id);
        if (r == null) {
            return false;
        }
        if (!r.installingVersion().isEmpty()) {
            install(r);
            return true;
        }
        if (ACTIVATING.equals(r.activeState())) {
            finishActivation(r);
            return true;
        }
        if (!r.waitingVersion().isEmpty() && canActivate(r)) {
            activate(r);
            return true;
        }
        return false;
    }

    private void install(RegistrationRecord r) {
        String version = r.installingVersion();
        Optional<String> failure = handlers.run(LifecycleHandlers.Kind.INSTALL, r, version, settings.installTimeout());
        long now = System.currentTimeMillis();
        String[] replaced = {""};
        RegistrationRecord after = mutate(r.id(), current -> {
            if (current == null || !version.equals(current.installingVersion())) {
                return current;
            }
            if (failure.isPresent()) {
                return with(current, "", current.waitingVersion(), current.activeVersion(), current.activeState(), now);
            }
            replaced[0] = current.waitingVersion();
            return with(current, "", version, current.activeVersion(), current.activeState(), now);
        });
        if (after == null || !version.equals(after.waitingVersion()) && failure.isEmpty()) {
            return;
        }
        List<String> inScope = clientsInScope(after.scope());
        if (failure.isPresent()) {
            meters.counter("switchboard.worker.install.failures", "registration", r.id()).increment();
            LOG.warnf("version %s of %s failed to install and is redundant: %s", version, r.id(), failure.get());
            versions.set(VersionRecord.key(r.id(), version),
                    versionRecord(r, version).failed(failure.get(), now));
            notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(after, version, REDUNDANT));
            return;
        }
        if (!replaced[0].isEmpty()) {
            changeVersion(after, replaced[0], REDUNDANT, inScope);
        }
        changeVersion(after, version, INSTALLED, inScope);
    }

    private void activate(RegistrationRecord r) {
        String version = r.waitingVersion();
        long now = System.currentTimeMillis();
        RegistrationRecord after = mutate(r.id(), current -> current == null || !version.equals(current.waitingVersion())
                ? current : with(current, current.installingVersion(), "", version, ACTIVATING, now));
        if (after == null || !version.equals(after.activeVersion())) {
            return;
        }
        List<String> inScope = clientsInScope(after.scope());
        if (!r.activeVersion().isEmpty()) {
            changeVersion(after, r.activeVersion(), REDUNDANT, inScope);
            // Clients the old version controlled now have the new one (Activate, step "for each client").
            reassign(after, r.activeVersion(), version);
        }
        changeVersion(after, version, ACTIVATING, inScope);
        finishActivation(after);
    }

    private void finishActivation(RegistrationRecord r) {
        String version = r.activeVersion();
        Optional<String> failure = handlers.run(LifecycleHandlers.Kind.ACTIVATE, r, version, settings.activateTimeout());
        if (failure.isPresent()) {
            // As in the browser, a failed activate handler does not stop the version from becoming active.
            meters.counter("switchboard.worker.activate.failures", "registration", r.id()).increment();
            LOG.warnf("the activate handler of %s of %s failed: %s", version, r.id(), failure.get());
        }
        long now = System.currentTimeMillis();
        String routes = handlers.declaredRoutes(version);
        RegistrationRecord after = mutate(r.id(), current -> current == null || !version.equals(current.activeVersion())
                || !ACTIVATING.equals(current.activeState()) ? current
                        : withRoutes(with(current, current.installingVersion(), current.waitingVersion(), version,
                                ACTIVATED, now), routes));
        if (after != null && version.equals(after.activeVersion()) && ACTIVATED.equals(after.activeState())) {
            changeVersion(after, version, ACTIVATED, clientsInScope(after.scope()));
        }
    }

    private boolean canActivate(RegistrationRecord r) {
        if (r.activeVersion().isEmpty()) {
            return true;
        }
        if (ACTIVATING.equals(r.activeState())) {
            return false;
        }
        if (!inFlight.idle(r.id())) {
            // The active version finishes the events it is running before it is replaced (even with skipWaiting).
            return false;
        }
        if (version(r.id(), r.waitingVersion()).map(VersionRecord::skipWaiting).orElse(false)) {
            return true;
        }
        return clients.keySet(Predicates.and(inScope(r.scope()), Predicates.equal("controller", r.activeVersion())))
                .isEmpty();
    }

    private void startInstallIfNew(RegistrationRecord r, String digest) {
        if (!digest.equals(r.installingVersion())) {
            return;
        }
        String key = VersionRecord.key(r.id(), digest);
        VersionRecord existing = versions.get(key);
        if (existing == null || REDUNDANT.equals(existing.state())) {
            versions.set(key, new VersionRecord(r.id(), digest, r.scriptUrl(), INSTALLING, false, "",
                    System.currentTimeMillis()));
            List<String> inScope = clientsInScope(r.scope());
            notices.send(EventTypes.REGISTRATION_UPDATEFOUND, inScope, notice(r, digest));
            notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(r, digest, INSTALLING));
            meters.counter("switchboard.worker.versions.transitions", "state", INSTALLING).increment();
        }
        advanceLater(r.id());
    }

    private void changeVersion(RegistrationRecord r, String version, String state, List<String> inScope) {
        String key = VersionRecord.key(r.id(), version);
        versions.lock(key);
        try {
            VersionRecord record = versions.get(key);
            VersionRecord base = record == null ? versionRecord(r, version) : record;
            versions.set(key, base.withState(state, System.currentTimeMillis()));
        } finally {
            versions.unlock(key);
        }
        meters.counter("switchboard.worker.versions.transitions", "state", state).increment();
        notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(r, version, state));
    }

    private void reassign(RegistrationRecord r, String from, String to) {
        List<String> moved = new ArrayList<>();
        for (ClientRecord client : clients.values(Predicates.and(inScope(r.scope()), Predicates.equal("controller", from)))) {
            if (setController(client, to)) {
                moved.add(client.clientId());
            }
        }
        if (!to.isEmpty()) {
            notices.send(EventTypes.CLIENT_CONTROLLERCHANGE, moved, notice(r, to));
        }
    }

    private boolean setController(ClientRecord client, String version) {
        ClientRecord controlled = new ClientRecord(client.clientId(), client.nodeId(), client.userId(),
                client.transport(), client.url(), client.connectedAtEpochMillis(), version);
        return clients.replace(client.clientId(), client, controlled);
    }

    private List<String> clientsInScope(String scope) {
        return List.copyOf(clients.keySet(inScope(scope)));
    }

    private static Predicate<String, ClientRecord> inScope(String scope) {
        return Scopes.clientsIn(scope);
    }

    private RegistrationRecord mutate(String id, UnaryOperator<RegistrationRecord> change) {
        registrations.lock(id);
        try {
            RegistrationRecord current = registrations.get(id);
            RegistrationRecord next = change.apply(current);
            if (next != null && !next.equals(current)) {
                registrations.set(id, next);
            }
            return next;
        } finally {
            registrations.unlock(id);
        }
    }

    private static RegistrationRecord with(RegistrationRecord r, String installing, String waiting, String active,
            String activeState, long now) {
        return new RegistrationRecord(r.id(), r.scope(), r.scriptUrl(), r.upstreamOrigin(), installing, waiting, active,
                activeState, r.routesJson(), now);
    }

    private static RegistrationRecord withRoutes(RegistrationRecord r, String routesJson) {
        return new RegistrationRecord(r.id(), r.scope(), r.scriptUrl(), r.upstreamOrigin(), r.installingVersion(),
                r.waitingVersion(), r.activeVersion(), r.activeState(), routesJson, r.updatedAtEpochMillis());
    }

    private static VersionRecord versionRecord(RegistrationRecord r, String version) {
        return new VersionRecord(r.id(), version, r.scriptUrl(), INSTALLING, false, "", System.currentTimeMillis());
    }

    static String newest(RegistrationRecord r) {
        for (String version : List.of(r.installingVersion(), r.waitingVersion(), r.activeVersion())) {
            if (!version.isEmpty()) {
                return version;
            }
        }
        return "";
    }

    private static Map<String, Object> notice(RegistrationRecord r, String version) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("registrationId", r.id());
        data.put("scope", r.scope());
        data.put("version", version);
        return data;
    }

    private static Map<String, Object> stateNotice(RegistrationRecord r, String version, String state) {
        Map<String, Object> data = notice(r, version);
        data.put("state", state);
        return data;
    }
}
