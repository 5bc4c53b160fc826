package dev.switchboard.worker.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.InstanceRecord;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.testsupport.EmbeddedHazelcast;
import dev.switchboard.worker.runtime.TestBundles;

/** On a cluster of its own (a sweep deletes whatever nothing references): what the collector keeps and frees. */
class BundleCollectorTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    private static EmbeddedHazelcast cluster;
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        cluster = EmbeddedHazelcast.start("bundle-gc-" + UUID.randomUUID(), 1);
        member = cluster.member(0);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void bundlesNothingReferencesAreDeletedAfterTheGraceAndTheRestStays() {
        BundleStore store = new BundleStore(member, new BuiltinWorkers(), BundleLimits.DEFAULTS);
        String replaced = store.publish("https://a.example/sw.jar", TestBundles.probe("name", "old"));
        String current = store.publish("https://a.example/sw.jar", TestBundles.probe("name", "current"));
        String active = store.publish("https://b.example/sw.jar", TestBundles.probe("name", "active"));
        store.publish("https://b.example/sw.jar", TestBundles.probe("name", "b-next"));
        String controlling = store.publish("https://c.example/sw.jar", TestBundles.probe("name", "controller"));
        store.publish("https://c.example/sw.jar", TestBundles.probe("name", "c-next"));
        member.<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS)
                .set(
                        "b",
                        new RegistrationRecord(
                                "b",
                                "https://b.example/",
                                "https://b.example/sw.jar",
                                "https://b.example",
                                "",
                                "",
                                active,
                                "activated",
                                "[]",
                                1));
        member.<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .set("c1", new ClientRecord("c1", "gw", "alice", "websocket", "https://c.example/", 1, controlling));
        String running = store.publish("https://d.example/room.jar", TestBundles.probe("name", "room"));
        store.publish("https://d.example/room.jar", TestBundles.probe("name", "room-next"));
        member.<String, InstanceRecord>getMap(HazelcastNames.WORKER_INSTANCES)
                .set(
                        "shared:room",
                        new InstanceRecord(
                                "shared:room",
                                "SHARED",
                                "https://d.example/room.jar",
                                running,
                                "room",
                                "node",
                                1,
                                "{}",
                                "{}",
                                0,
                                "[]"));

        BundleCollector collector = new BundleCollector(member, GRACE);
        long now = System.currentTimeMillis();
        assertThat(collector.sweep(now))
                .as("first seen unreferenced: kept for the grace")
                .isZero();
        assertThat(collector.sweep(now + GRACE.toMillis() - 1)).isZero();
        assertThat(collector.sweep(now + GRACE.toMillis())).isEqualTo(1);
        assertThat(store.bytes(replaced)).isEmpty();
        assertThat(store.bytes(current)).as("a script URL's current bundle").isPresent();
        assertThat(store.bytes(active)).as("a registration's active version").isPresent();
        assertThat(store.bytes(controlling))
                .as("a connected client's controller")
                .isPresent();
        assertThat(store.bytes(running)).as("the bundle a shared worker runs").isPresent();

        // Referenced again before the grace ends: the clock starts over.
        member.<String, ClientRecord>getMap(HazelcastNames.CLIENTS).delete("c1");
        collector.sweep(now + GRACE.toMillis());
        member.<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .set("c2", new ClientRecord("c2", "gw", "bob", "sse", "https://c.example/", 2, controlling));
        assertThat(collector.sweep(now + 3 * GRACE.toMillis())).isZero();
        assertThat(store.bytes(controlling)).isPresent();
    }

    @Test
    void theStoreRefusesAPublishPastItsCapacity() {
        EmbeddedHazelcast small = EmbeddedHazelcast.start("bundle-cap-" + UUID.randomUUID(), 1);
        try {
            BundleStore store = new BundleStore(
                    small.member(0), new BuiltinWorkers(), new BundleLimits(1 << 20, 16, 1 << 20, 1 << 20, 2));
            store.publish("https://cap.example/1.jar", TestBundles.probe("name", "1"));
            store.publish("https://cap.example/2.jar", TestBundles.probe("name", "2"));
            store.publish(
                    "https://cap.example/2.jar", TestBundles.probe("name", "2")); // the same bytes again: no growth
            assertThatThrownBy(() -> store.publish("https://cap.example/3.jar", TestBundles.probe("name", "3")))
                    .isInstanceOf(BundleStore.StoreFullException.class)
                    .hasMessageContaining("max-stored");
        } finally {
            small.close();
        }
    }
}
