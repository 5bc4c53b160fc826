package dev.switchboard.worker.lifecycle;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;

/**
 * Runs the lifecycle on one node: whenever a registration or version changes anywhere in the cluster (an entry
 * event) or the reconcile interval passes, the transitions due are started on a small bounded executor of their
 * own — never on an event thread. Also gives new clients in scope their controller, and feeds the
 * {@link ActivationWatch}.
 */
public final class LifecycleDriver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LifecycleDriver.class);
    private static final int QUEUE = 1024;

    private final Lifecycle lifecycle;
    private final LifecycleHandlers handlers;
    private final ActivationWatch watch;
    private final LifecycleSettings settings;
    private final IMap<String, RegistrationRecord> registrations;
    private final IMap<String, VersionRecord> versions;
    private final IMap<String, ClientRecord> clients;
    private ThreadPoolExecutor background;
    private ScheduledExecutorService scheduler;
    private UUID registrationListener;
    private UUID versionListener;
    private UUID clientListener;

    public LifecycleDriver(
            HazelcastInstance hazelcast,
            Lifecycle lifecycle,
            LifecycleHandlers handlers,
            ActivationWatch watch,
            LifecycleSettings settings) {
        this.lifecycle = lifecycle;
        this.handlers = handlers;
        this.watch = watch;
        this.settings = settings;
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.versions = hazelcast.getMap(HazelcastNames.VERSIONS);
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
    }

    public void start() {
        // Bounded: past the bound the next reconcile picks the work up.
        background = new ThreadPoolExecutor(
                2,
                2,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                daemon("switchboard-lifecycle"),
                (task, pool) -> LOG.debug("the lifecycle queue is full; the next reconcile picks the work up"));
        registrationListener = registrations.addEntryListener(new RegistrationChanges(), true);
        versionListener = versions.addEntryListener(
                (EntryUpdatedListener<String, VersionRecord>) event -> {
                    VersionRecord before = event.getOldValue();
                    if (event.getValue().skipWaiting() && (before == null || !before.skipWaiting())) {
                        advanceLater(event.getValue().registrationId());
                    }
                },
                true);
        clientListener =
                clients.addEntryListener((EntryAddedListener<String, ClientRecord>) this::clientConnected, true);
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("switchboard-lifecycle-reconcile"));
        long every = settings.reconcileInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
    }

    /** Completes with true once the registration's active version is {@code activated}, false after {@code timeout}. */
    public CompletableFuture<Boolean> awaitActivated(String registrationId, Duration timeout) {
        advanceLater(registrationId);
        return watch.until(registrationId, r -> r.isActivated(r.activeVersion()), timeout);
    }

    void advanceLater(String registrationId) {
        background.execute(() -> lifecycle.advance(registrationId, handlers));
    }

    private void reconcile() {
        try {
            // On the lifecycle executor, so one long install does not hold up the others' transitions.
            lifecycle.dueRegistrations().forEach(this::advanceLater);
            lifecycle.clearUnregistered();
            lifecycle.countVersions();
        } catch (RuntimeException e) {
            LOG.warnf(e, "lifecycle reconcile failed; retrying in %s", settings.reconcileInterval());
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

    /** Every change of a registration may make a transition due, and may be what someone waits for. */
    private final class RegistrationChanges
            implements EntryAddedListener<String, RegistrationRecord>,
                    EntryUpdatedListener<String, RegistrationRecord>,
                    EntryRemovedListener<String, RegistrationRecord> {

        @Override
        public void entryAdded(EntryEvent<String, RegistrationRecord> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, RegistrationRecord> event) {
            changed(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, RegistrationRecord> event) {
            watch.changed(event.getKey(), null);
        }

        private void changed(String id, RegistrationRecord current) {
            watch.changed(id, current);
            if (!current.installingVersion().isEmpty()
                    || !current.waitingVersion().isEmpty()
                    || current.isActivating(current.activeVersion())) {
                advanceLater(id);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            background.shutdownNow();
        }
        try {
            if (registrationListener != null) {
                registrations.removeEntryListener(registrationListener);
                versions.removeEntryListener(versionListener);
                clients.removeEntryListener(clientListener);
            }
        } catch (RuntimeException e) {
            LOG.debugf("lifecycle listeners could not be removed (the cluster is gone): %s", e.getMessage());
        }
    }
}
