package dev.switchboard.worker.lifecycle;

import static dev.switchboard.contract.hazelcast.LifecycleState.ACTIVATED;
import static dev.switchboard.contract.hazelcast.LifecycleState.ACTIVATING;
import static dev.switchboard.contract.hazelcast.LifecycleState.INSTALLED;
import static dev.switchboard.contract.hazelcast.LifecycleState.INSTALLING;
import static dev.switchboard.contract.hazelcast.LifecycleState.REDUNDANT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.BundleStore;
import dev.switchboard.worker.bundle.Digests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

/**
 * The service-worker lifecycle, cluster-wide: installing → installed (waiting) → activating → activated →
 * redundant. Every state lives in Hazelcast ({@link HazelcastNames#REGISTRATIONS}, {@link HazelcastNames#VERSIONS}),
 * so any node can carry on where another stopped. This class holds the states and their rules; what is written
 * here is noticed by every node's {@link LifecycleDriver}, which runs the transitions that became due. A transition
 * runs on the one node holding the registration's lease in {@link HazelcastNames#TRANSITIONS} (a put-if-absent
 * with a time to live: a node that dies mid-transition lets it expire, and the next reconcile runs it again).
 * Records change under the registration's map lock, held only for the read-modify-write, never across a handler.
 * docs/lifecycle.md.
 */
public final class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final IMap<String, RegistrationRecord> registrations;
    private final IMap<String, RegistrationRecord> unregistering;
    private final IMap<String, VersionRecord> versions;
    private final IMap<String, ClientRecord> clients;
    private final IMap<String, String> transitions;
    private final BundleStore bundles;
    private final InFlight inFlight;
    private final Notices notices;
    private final LifecycleSettings settings;
    private final MeterRegistry meters;
    private final String nodeId;
    private final Map<LifecycleState, AtomicLong> versionsByState = new EnumMap<>(LifecycleState.class);

    public Lifecycle(
            HazelcastInstance hazelcast,
            BundleStore bundles,
            InFlight inFlight,
            Notices notices,
            LifecycleSettings settings,
            MeterRegistry meters,
            String nodeId) {
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.unregistering = hazelcast.getMap(HazelcastNames.UNREGISTERING);
        this.versions = hazelcast.getMap(HazelcastNames.VERSIONS);
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.transitions = hazelcast.getMap(HazelcastNames.TRANSITIONS);
        this.bundles = bundles;
        this.inFlight = inFlight;
        this.notices = notices;
        this.settings = settings;
        this.meters = meters;
        this.nodeId = nodeId;
        for (LifecycleState state : LifecycleState.values()) {
            versionsByState.put(
                    state,
                    meters.gauge(
                            "switchboard.worker.versions",
                            List.of(Tag.of("state", state.wireName())),
                            new AtomicLong()));
        }
    }

    /** The registration id of a scope: the same scope is always the same registration. */
    public static String idOf(String scope) {
        return "r-" + Digests.sha256(scope.getBytes(StandardCharsets.UTF_8)).substring(0, 24);
    }

    /**
     * {@code navigator.serviceWorker.register(scriptUrl, {scope})}: the registration of the scope, created or
     * reused; a script whose current bundle is not the registration's newest version starts installing it. The
     * registration's cross-user capability is kept (none for a new one).
     */
    public RegistrationRecord register(String scriptUrl, String scope, String allowedScope, String upstreamOrigin) {
        return register(scriptUrl, scope, allowedScope, upstreamOrigin, null);
    }

    /**
     * The same, granting ({@code true}) or revoking ({@code false}) the cross-user capability
     * ({@link RegistrationRecord#crossUserClients()}); {@code null} keeps what the registration holds. Only the
     * admin API passes it.
     */
    public RegistrationRecord register(
            String scriptUrl, String scope, String allowedScope, String upstreamOrigin, Boolean crossUserClients) {
        String resolvedScope = Scopes.resolve(scriptUrl, scope, allowedScope);
        String digest = bundles.current(scriptUrl).orElseThrow(() -> RegistrationException.noBundle(scriptUrl));
        String upstream = upstreamOrigin == null || upstreamOrigin.isBlank()
                ? (resolvedScope.startsWith("http") ? Scopes.origin(resolvedScope) : "")
                : Scopes.origin(upstreamOrigin);
        boolean builtin = resolvedScope.startsWith(BuiltinWorkers.SCHEME);
        String id = builtin ? scriptUrl.substring(BuiltinWorkers.SCHEME.length()) : idOf(resolvedScope);
        if (builtin && Boolean.TRUE.equals(crossUserClients)) {
            // Built-ins (echo) serve every deployment as they are: none reads every user's clients.
            throw RegistrationException.badRequest(
                    "the built-in registration " + id + " cannot hold the cross-user clients capability");
        }
        long now = System.currentTimeMillis();
        RegistrationRecord after = mutate(id, existing -> {
            if (existing == null) {
                return RegistrationRecord.created(
                        id, resolvedScope, scriptUrl, upstream, digest, Boolean.TRUE.equals(crossUserClients), now);
            }
            RegistrationRecord granted = crossUserClients == null || crossUserClients == existing.crossUserClients()
                    ? existing
                    : existing.withCrossUserClients(crossUserClients, now);
            if (digest.equals(newest(granted))) {
                return granted;
            }
            if (!granted.installingVersion().isEmpty()) {
                throw RegistrationException.conflict("registration " + id + " is installing "
                        + granted.installingVersion() + "; register again once it is installed or redundant");
            }
            return granted.withInstalling(scriptUrl, upstream, digest, now);
        });
        if (crossUserClients != null) {
            // Who may read every user's clients is worth a line in the log each time an admin says so.
            LOG.infof(
                    "registration %s %s the cross-user clients capability",
                    id, after.crossUserClients() ? "holds" : "does not hold");
        }
        startInstallIfNew(after, digest);
        return after;
    }

    /** {@code registration.update()}: installs the script's current bundle if its bytes differ from the newest version. */
    public RegistrationRecord update(String id) {
        RegistrationRecord current = get(id).orElseThrow(() -> RegistrationException.noRegistration(id));
        // The registration's own scope is always allowed for it: an update never re-checks the maximum scope.
        return register(current.scriptUrl(), current.scope(), current.scope(), current.upstreamOrigin());
    }

    public Optional<RegistrationRecord> get(String id) {
        return Optional.ofNullable(registrations.get(id));
    }

    public List<RegistrationRecord> list() {
        return registrations.values().stream()
                .sorted(Comparator.comparing(RegistrationRecord::scope))
                .toList();
    }

    /** {@code getRegistration(url)}: the registration whose scope is the longest prefix of {@code url}. */
    public Optional<RegistrationRecord> forUrl(String url) {
        return registrations.values().stream()
                .filter(r -> Scopes.inScope(r.scope(), url))
                .max(Comparator.comparingInt(r -> r.scope().length()));
    }

    public Optional<VersionRecord> version(String registrationId, String digest) {
        return Optional.ofNullable(versions.get(VersionRecord.key(registrationId, digest)));
    }

    /** The live (not redundant) versions with this digest: how an event's {@code workerversion} finds its registration. */
    public List<VersionRecord> liveVersions(String digest) {
        Predicate<String, VersionRecord> query =
                Predicates.and(Predicates.equal("digest", digest), Predicates.notEqual("state", REDUNDANT.wireName()));
        return List.copyOf(versions.values(query));
    }

    /**
     * {@code registration.unregister()}: resolves at once. The registration stops taking new events and new
     * clients (it is gone from the registrations map), and is cleared — its versions redundant, its clients
     * uncontrolled — once no node runs an event of it any more, or after the drain timeout
     * ({@link #clearUnregistered}).
     */
    public boolean unregister(String id) {
        RegistrationRecord removed = registrations.remove(id);
        if (removed == null) {
            return false;
        }
        unregistering.set(id, removed.withUpdatedAt(System.currentTimeMillis()));
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
    }

    /** {@code clients.claim()} by {@code version}: every client in scope that it does not control yet becomes its. */
    public void claim(String registrationId, String version) {
        RegistrationRecord registration = get(registrationId)
                .orElseThrow(() -> new IllegalStateException("InvalidStateError: the registration is gone"));
        if (!version.equals(registration.activeVersion())) {
            throw new IllegalStateException("InvalidStateError: only the active version can claim clients");
        }
        // A client in a narrower registration's scope belongs to that one (the longest matching scope wins).
        List<String> narrower = registrations.values().stream()
                .map(RegistrationRecord::scope)
                .filter(scope ->
                        scope.length() > registration.scope().length() && scope.startsWith(registration.scope()))
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
        forUrl(client.url())
                .filter(r -> !r.activeVersion().isEmpty())
                .ifPresent(r -> setController(client, r.activeVersion()));
    }

    /** Runs every transition due for the registration on this node, unless another node holds its lease. */
    void advance(String registrationId, LifecycleHandlers handlers) {
        if (!lease(registrationId)) {
            return;
        }
        try {
            int steps = 0;
            while (step(registrationId, handlers) && ++steps < 16) {
                // each step makes one transition; a registration has at most a handful pending
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "a lifecycle transition of %s failed; the next reconcile retries it", registrationId);
        } finally {
            transitions.remove(registrationId, nodeId);
        }
    }

    /** The registrations with a transition due and no node running one: what a reconcile starts. */
    List<String> dueRegistrations() {
        return registrations.values().stream()
                .filter(r -> due(r) && !transitions.containsKey(r.id()))
                .map(RegistrationRecord::id)
                .toList();
    }

    /** True when the registration (as just written) has a transition to run. */
    boolean due(RegistrationRecord r) {
        return !r.installingVersion().isEmpty()
                || ACTIVATING.is(r.activeState())
                || (!r.waitingVersion().isEmpty() && canActivate(r));
    }

    /**
     * Clears every unregistered registration whose events are done, or whose drain timeout has passed: its
     * versions become redundant and its clients uncontrolled. Any node may do it; the first to take the lease does.
     */
    void clearUnregistered() {
        long now = System.currentTimeMillis();
        for (RegistrationRecord removed : unregistering.values()) {
            boolean overdue = now - removed.updatedAtEpochMillis()
                    > settings.unregisterDrainTimeout().toMillis();
            if ((!overdue && !inFlight.idle(removed.id())) || !lease(removed.id())) {
                continue;
            }
            try {
                if (overdue && !inFlight.idle(removed.id())) {
                    LOG.warnf(
                            "clearing unregistered %s while some of its events still run after %s",
                            removed.id(), settings.unregisterDrainTimeout());
                }
                List<String> inScope = clientsInScope(removed.scope());
                for (String version :
                        List.of(removed.installingVersion(), removed.waitingVersion(), removed.activeVersion())) {
                    if (!version.isEmpty()) {
                        changeVersion(removed, version, REDUNDANT, inScope);
                        reassign(removed, version, "");
                    }
                }
                unregistering.delete(removed.id());
            } finally {
                transitions.remove(removed.id(), nodeId);
            }
        }
    }

    /** Sets the {@code switchboard_worker_versions{state}} gauges from the cluster. */
    void countVersions() {
        for (LifecycleState state : LifecycleState.values()) {
            versionsByState
                    .get(state)
                    .set(versions.keySet(Predicates.equal("state", state.wireName()))
                            .size());
        }
    }

    private boolean lease(String registrationId) {
        return transitions.putIfAbsent(
                        registrationId, nodeId, settings.transitionLease().toMillis(), TimeUnit.MILLISECONDS)
                == null;
    }

    private boolean step(String id, LifecycleHandlers handlers) {
        RegistrationRecord r = registrations.get(id);
        if (r == null) {
            return false;
        }
        if (!r.installingVersion().isEmpty()) {
            install(r, handlers);
            return true;
        }
        if (ACTIVATING.is(r.activeState())) {
            finishActivation(r, handlers);
            return true;
        }
        if (!r.waitingVersion().isEmpty() && canActivate(r)) {
            activate(r, handlers);
            return true;
        }
        return false;
    }

    private void install(RegistrationRecord r, LifecycleHandlers handlers) {
        String version = r.installingVersion();
        Optional<String> failure = handlers.run(LifecycleHandlers.Kind.INSTALL, r, version, settings.installTimeout());
        long now = System.currentTimeMillis();
        String[] replaced = {""};
        RegistrationRecord after = mutate(r.id(), current -> {
            if (current == null || !version.equals(current.installingVersion())) {
                return current;
            }
            if (failure.isPresent()) {
                return current.withInstallFailed(now);
            }
            replaced[0] = current.waitingVersion();
            return current.withInstalled(now);
        });
        if (after == null || (!version.equals(after.waitingVersion()) && failure.isEmpty())) {
            return;
        }
        List<String> inScope = clientsInScope(after.scope());
        if (failure.isPresent()) {
            meters.counter("switchboard.worker.install.failures", "registration", r.id())
                    .increment();
            LOG.warnf("version %s of %s failed to install and is redundant: %s", version, r.id(), failure.get());
            versions.set(
                    VersionRecord.key(r.id(), version),
                    VersionRecord.installing(r.id(), version, r.scriptUrl(), now)
                            .failed(failure.get(), now));
            notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(after, version, REDUNDANT));
            return;
        }
        if (!replaced[0].isEmpty()) {
            changeVersion(after, replaced[0], REDUNDANT, inScope);
        }
        changeVersion(after, version, INSTALLED, inScope);
    }

    private void activate(RegistrationRecord r, LifecycleHandlers handlers) {
        String version = r.waitingVersion();
        long now = System.currentTimeMillis();
        RegistrationRecord after = mutate(
                r.id(),
                current -> current == null || !version.equals(current.waitingVersion())
                        ? current
                        : current.withActivating(now));
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
        finishActivation(after, handlers);
    }

    private void finishActivation(RegistrationRecord r, LifecycleHandlers handlers) {
        String version = r.activeVersion();
        Optional<String> failure =
                handlers.run(LifecycleHandlers.Kind.ACTIVATE, r, version, settings.activateTimeout());
        if (failure.isPresent()) {
            // As in the browser, a failed activate handler does not stop the version from becoming active.
            meters.counter("switchboard.worker.activate.failures", "registration", r.id())
                    .increment();
            LOG.warnf("the activate handler of %s of %s failed: %s", version, r.id(), failure.get());
        }
        long now = System.currentTimeMillis();
        String routes = handlers.declaredRoutes(version);
        RegistrationRecord after = mutate(
                r.id(),
                current -> current == null || !current.isActivating(version)
                        ? current
                        : current.withActivated(routes, now));
        if (after != null && after.isActivated(version)) {
            changeVersion(after, version, ACTIVATED, clientsInScope(after.scope()));
        }
    }

    private boolean canActivate(RegistrationRecord r) {
        if (r.activeVersion().isEmpty()) {
            return true;
        }
        if (ACTIVATING.is(r.activeState())) {
            return false;
        }
        if (!inFlight.idle(r.id(), r.activeVersion())) {
            // The active version finishes the events it is running before it is replaced (even with skipWaiting);
            // the waiting version's own events do not hold it back (Try Activate looks at the active worker only).
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
        if (existing == null || existing.is(REDUNDANT)) {
            versions.set(key, VersionRecord.installing(r.id(), digest, r.scriptUrl(), System.currentTimeMillis()));
            List<String> inScope = clientsInScope(r.scope());
            notices.send(EventTypes.REGISTRATION_UPDATEFOUND, inScope, notice(r, digest));
            notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(r, digest, INSTALLING));
            meters.counter("switchboard.worker.versions.transitions", "state", INSTALLING.wireName())
                    .increment();
        }
    }

    private void changeVersion(RegistrationRecord r, String version, LifecycleState state, List<String> inScope) {
        String key = VersionRecord.key(r.id(), version);
        versions.lock(key);
        try {
            VersionRecord record = versions.get(key);
            long now = System.currentTimeMillis();
            VersionRecord base =
                    record == null ? VersionRecord.installing(r.id(), version, r.scriptUrl(), now) : record;
            versions.set(key, base.withState(state, now));
        } finally {
            versions.unlock(key);
        }
        meters.counter("switchboard.worker.versions.transitions", "state", state.wireName())
                .increment();
        notices.send(EventTypes.WORKER_STATECHANGE, inScope, stateNotice(r, version, state));
    }

    private void reassign(RegistrationRecord r, String from, String to) {
        List<String> moved = new ArrayList<>();
        for (ClientRecord client :
                clients.values(Predicates.and(inScope(r.scope()), Predicates.equal("controller", from)))) {
            if (setController(client, to)) {
                moved.add(client.clientId());
            }
        }
        if (!to.isEmpty()) {
            notices.send(EventTypes.CLIENT_CONTROLLERCHANGE, moved, notice(r, to));
        }
    }

    private boolean setController(ClientRecord client, String version) {
        return clients.replace(client.clientId(), client, client.withController(version));
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

    private static Map<String, Object> stateNotice(RegistrationRecord r, String version, LifecycleState state) {
        Map<String, Object> data = notice(r, version);
        data.put("state", state.wireName());
        return data;
    }
}
