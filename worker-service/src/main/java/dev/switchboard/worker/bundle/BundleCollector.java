package dev.switchboard.worker.bundle;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.projection.Projections;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.InstanceDigest;
import dev.switchboard.contract.hazelcast.InstanceRecord;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;
import io.quarkus.logging.Log;

/**
 * Deletes bundles nothing references any more: not the current bundle of a script URL, not a registration's
 * installing, waiting or active version, not the controller of a connected client. A bundle is deleted only after
 * it stayed unreferenced for {@code grace} (a registration or a resuming client may be about to name it); every
 * node may sweep, deletions being idempotent. The lifecycle records of versions that became redundant, or whose
 * registration is gone, are deleted once they are older than the grace too.
 */
public final class BundleCollector {

    private final IMap<String, byte[]> bundles;
    private final IMap<String, String> scripts;
    private final IMap<String, RegistrationRecord> registrations;
    private final IMap<String, ClientRecord> clients;
    private final IMap<String, Long> orphans;
    private final IMap<String, VersionRecord> versions;
    private final IMap<String, InstanceRecord> instances;
    private final Duration grace;

    public BundleCollector(HazelcastInstance hazelcast, Duration grace) {
        this.bundles = hazelcast.getMap(HazelcastNames.BUNDLES);
        this.scripts = hazelcast.getMap(HazelcastNames.SCRIPTS);
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.clients = hazelcast.getMap(HazelcastNames.CLIENTS);
        this.orphans = hazelcast.getMap(HazelcastNames.BUNDLE_ORPHANS);
        this.versions = hazelcast.getMap(HazelcastNames.VERSIONS);
        this.instances = hazelcast.getMap(HazelcastNames.WORKER_INSTANCES);
        this.grace = grace;
    }

    /** One sweep at {@code nowMillis}; returns how many bundles it deleted. */
    public int sweep(long nowMillis) {
        forgetDeadVersions(nowMillis);
        Set<String> referenced = referenced();
        int deleted = 0;
        for (String digest : bundles.keySet()) {
            if (referenced.contains(digest)) {
                orphans.delete(digest);
                continue;
            }
            Long since = orphans.putIfAbsent(digest, nowMillis, 2 * grace.toMillis() + 1, TimeUnit.MILLISECONDS);
            if (since != null && nowMillis - since >= grace.toMillis()) {
                bundles.delete(digest);
                orphans.delete(digest);
                deleted++;
                Log.infof("deleted bundle %s: unreferenced for %s", digest, grace);
            }
        }
        return deleted;
    }

    private void forgetDeadVersions(long nowMillis) {
        long before = nowMillis - grace.toMillis();
        Set<String> live = registrations.keySet();
        versions.entrySet().stream()
                .filter(entry -> entry.getValue().updatedAtEpochMillis() <= before
                        && (LifecycleState.REDUNDANT.is(entry.getValue().state())
                                || !live.contains(entry.getValue().registrationId())))
                .map(Map.Entry::getKey)
                .toList()
                .forEach(versions::delete);
    }

    private Set<String> referenced() {
        Set<String> referenced = new HashSet<>(scripts.values());
        for (RegistrationRecord registration : registrations.values()) {
            referenced.add(registration.installingVersion());
            referenced.add(registration.waitingVersion());
            referenced.add(registration.activeVersion());
        }
        referenced.addAll(
                clients.project(Projections.<Map.Entry<String, ClientRecord>, String>singleAttribute("controller")));
        // A dedicated or shared worker runs its bundle for its whole life: another node may have to load it again.
        referenced.addAll(instances.project(new InstanceDigest()));
        referenced.remove("");
        referenced.remove(null);
        return referenced;
    }
}
