package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;

/**
 * Two independent worker runtimes (own Hazelcast client, own Kafka producer, own class loaders) that share only
 * the cluster and the broker: an upgrade from v1 to v2 with clients on both versions, and a node that dies in
 * the middle of a transition.
 */
class TwoNodeUpgradeTest extends LifecycleFixture {

    private TestNode first;
    private TestNode second;
    private DeliveryLog deliveries;

    @BeforeEach
    void open() {
        deliveries = new DeliveryLog();
    }

    @AfterEach
    void close() {
        deliveries.close();
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    // Switchboard's own, across two nodes; single-node counterparts of WPT activation.https.html ("loss of
    // controllees triggers activation") and claim-fetch.https.html are in LifecycleTest.
    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: v1 → v2 across two nodes, each client staying on its controller until it leaves")
    void aWaitingVersionTakesOverWhenTheOldOnesClientsHaveLeftWhileEachClientStaysOnItsController() {
        first = new TestNode();
        second = new TestNode();
        String early = connect(first, scope + "early.html");
        String v1 = first.runtime().bundles().publish(script, TestBundles.probe("name", "v1-" + origin.hashCode()));
        String id =
                first.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(second, id, v1, LifecycleState.ACTIVATED);
        assertThat(first.runtime().lifecycle().get(id).orElseThrow().activeVersion())
                .isEqualTo(v1);

        String clientA = connect(first, scope + "a.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(first, clientA)));
        assertThat(data(second.handle(message(clientA, id, "hi")).outgoing().get(0))
                        .path("version")
                        .asText())
                .startsWith("v1-");
        assertThat(first.runtime().lifecycle().version(id, v1)).isPresent();
        assertThat(cacheNames(first)).contains("static-v1-" + origin.hashCode());

        String v2 = second.runtime().bundles().publish(script, TestBundles.probe("name", "v2-" + origin.hashCode()));
        second.runtime().lifecycle().update(id);
        awaitState(first, id, v2, LifecycleState.INSTALLED);
        awaitNotice(deliveries, EventTypes.REGISTRATION_UPDATEFOUND, clientA, "version", v2);

        // B loads a page in scope while v1 is active and v2 waits: v1 controls it, and its events go to v1.
        String clientB = connect(second, scope + "b.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(first, clientB)));
        assertThat(data(first.handle(message(clientB, id, "hi")).outgoing().get(0))
                        .path("version")
                        .asText())
                .startsWith("v1-");

        leave(first, clientA);
        await().during(Duration.ofSeconds(1))
                .atMost(WAIT)
                .until(() -> LifecycleState.INSTALLED.equals(stateOf(first, id, v2)));
        assertThat(stateOf(second, id, v1)).as("B still uses v1").isEqualTo(LifecycleState.ACTIVATED);

        leave(second, clientB);
        awaitState(first, id, v2, LifecycleState.ACTIVATED);
        assertThat(stateOf(second, id, v1)).isEqualTo(LifecycleState.REDUNDANT);
        assertThat(cacheNames(second))
                .as("v2's activate deleted v1's caches")
                .containsExactly("static-v2-" + origin.hashCode());
        awaitNotice(deliveries, EventTypes.WORKER_STATECHANGE, early, "state", LifecycleState.REDUNDANT.wireName());

        // The page that loaded before any version stays uncontrolled until v2 claims it.
        assertThat(controllerOf(first, early)).isEmpty();
        assertThat(data(second.handle(message(early, id, "claim")).outgoing().get(0))
                        .path("version")
                        .asText())
                .startsWith("v2-");
        assertThat(controllerOf(first, early)).isEqualTo(v2);
        awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, early, "version", v2);
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: a transition interrupted by a node crash is run again by another node")
    void aTransitionInterruptedByANodeCrashIsRunAgainByAnotherNode() {
        first = new TestNode();
        String probe = "crash-" + Integer.toHexString(origin.hashCode());
        String v1 = first.runtime().bundles().publish(script, TestBundles.probe("name", probe, "install", "hold"));
        String id =
                first.runtime().lifecycle().register(script, null, null, null).id();
        await().atMost(WAIT).until(() -> first.nodeId()
                .equals(first.hazelcast().getMap(HazelcastNames.TRANSITIONS).get(id)));

        first.crash();
        first = null;
        second = new TestNode();
        assertThat(stateOf(second, id, v1))
                .as("the durable state survived the crash")
                .isEqualTo(LifecycleState.INSTALLING);
        LifecycleFixture.open("install-" + probe);
        awaitState(second, id, v1, LifecycleState.ACTIVATED);
        assertThat(second.runtime().lifecycle().get(id).orElseThrow().activeVersion())
                .isEqualTo(v1);
    }

    private java.util.List<String> cacheNames(TestNode node) {
        return new dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages(
                        node.hazelcast(),
                        dev.switchboard.cache.api.CacheLimits.DEFAULTS,
                        request -> {
                            throw new IllegalStateException("no upstream in this test");
                        },
                        dev.switchboard.cache.api.CacheListener.NONE)
                .forOrigin(origin)
                .keys();
    }
}
