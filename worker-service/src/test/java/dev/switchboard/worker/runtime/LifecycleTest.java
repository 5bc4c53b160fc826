package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.lifecycle.RegistrationException;
import dev.switchboard.worker.engine.Outcome;
import io.cloudevents.CloudEvent;

/**
 * The lifecycle behaviours of web-platform-tests' service-workers/service-worker, ported to a worker node over a
 * real Hazelcast cluster and Kafka broker. The test plays the gateway: it records clients in the client
 * registry and reads the deliveries topic for the lifecycle notices the clients would get.
 */
class LifecycleTest extends LifecycleFixture {

    private static TestNode node;
    private static DeliveryLog deliveries;

    @BeforeAll
    static void start() {
        node = new TestNode();
        deliveries = new DeliveryLog();
    }

    @AfterAll
    static void stop() {
        deliveries.close();
        node.close();
    }

    private String publish(byte[] bundle) {
        return node.runtime().bundles().publish(script, bundle);
    }

    private static String name() {
        return "p" + UUID.randomUUID().toString().substring(0, 8);
    }

    // WPT: service-workers/service-worker/activate-event-after-install-state-change.https.html
    // WPT: service-workers/service-worker/extendable-event-waituntil.https.html ("Test install event waitUntil fulfilled")
    @Test
    void aNewVersionGoesThroughEveryStateInOrderAndWaitUntilHoldsInstall() {
        String client = connect(node, scope + "page.html");
        String v1 = name();
        String digest = publish(TestBundles.probe("name", v1, "install", "hold"));
        RegistrationRecord registration = node.runtime().lifecycle().register(script, null, null, null);
        assertThat(registration.scope()).isEqualTo(scope);
        assertThat(registration.installingVersion()).isEqualTo(digest);

        awaitNotice(deliveries, EventTypes.REGISTRATION_UPDATEFOUND, client, "version", digest);
        awaitNotice(deliveries, EventTypes.WORKER_STATECHANGE, client, "state", LifecycleState.INSTALLING.wireName());
        await().during(Duration.ofMillis(500)).atMost(WAIT)
                .until(() -> stateOf(node, registration.id(), digest).equals(LifecycleState.INSTALLING));
        open("install-" + v1);
        for (LifecycleState state : List.of(LifecycleState.INSTALLED, LifecycleState.ACTIVATING, LifecycleState.ACTIVATED)) {
            awaitNotice(deliveries, EventTypes.WORKER_STATECHANGE, client, "state", state.wireName());
        }
        RegistrationRecord active = awaitRegistration(node, registration.id(), r -> LifecycleState.ACTIVATED.is(r.activeState()));
        assertThat(active.activeVersion()).isEqualTo(digest);
        assertThat(active.installingVersion()).isEmpty();
        assertThat(active.waitingVersion()).isEmpty();
        assertThat(active.routesJson()).isEqualTo("[]");
        assertThat(controllerOf(node, client)).as("a page loaded before activation stays uncontrolled until claimed").isEmpty();
    }

    // WPT: service-workers/service-worker/extendable-event-waituntil.https.html ("Test install event waitUntil rejected",
    // "Test activate event waitUntil rejected.")
    @Test
    void aRejectedInstallMakesTheVersionRedundantAndARejectedActivateStillActivates() {
        String failing = publish(TestBundles.probe("name", name(), "install", "fail"));
        RegistrationRecord registration = node.runtime().lifecycle().register(script, null, null, null);
        awaitState(node, registration.id(), failing, LifecycleState.REDUNDANT);
        RegistrationRecord after = node.runtime().lifecycle().get(registration.id()).orElseThrow();
        assertThat(after.installingVersion()).isEmpty();
        assertThat(after.activeVersion()).isEmpty();

        String activateFails = publish(TestBundles.probe("name", name(), "activate", "fail"));
        node.runtime().lifecycle().update(registration.id());
        awaitState(node, registration.id(), activateFails, LifecycleState.ACTIVATED);
    }

    // WPT: service-workers/service-worker/activation.https.html ("loss of controllees triggers activation")
    @Test
    void aWaitingVersionActivatesWhenTheLastClientOfTheOldOneLeaves() {
        String v1 = publish(TestBundles.probe("name", name()));
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "index.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(node, client)));

        String v2 = publish(TestBundles.probe("name", name()));
        node.runtime().lifecycle().update(id);
        awaitState(node, id, v2, LifecycleState.INSTALLED);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> LifecycleState.INSTALLED.equals(stateOf(node, id, v2)));
        assertThat(node.runtime().lifecycle().get(id).orElseThrow().waitingVersion()).isEqualTo(v2);

        leave(node, client);
        awaitState(node, id, v2, LifecycleState.ACTIVATED);
        assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.REDUNDANT);
    }

    // WPT: service-workers/service-worker/skip-waiting-installed.https.html
    // WPT: service-workers/service-worker/activation.https.html ("skipWaiting bypasses no controllee requirement")
    @Test
    void skipWaitingActivatesWhileClientsStillUseTheOldVersionAndMovesThemOver() {
        String v1 = publish(TestBundles.probe("name", name()));
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "index.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(node, client)));

        String v2 = publish(TestBundles.probe("name", name(), "skipWaiting", "true"));
        node.runtime().lifecycle().update(id);
        awaitState(node, id, v2, LifecycleState.ACTIVATED);
        assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.REDUNDANT);
        await().atMost(WAIT).until(() -> v2.equals(controllerOf(node, client)));
        awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, client, "version", v2);
    }

    // WPT: service-workers/service-worker/claim-fetch.https.html
    @Test
    void claimMakesTheActiveVersionControlAClientThatLoadedWithoutOne() {
        String client = connect(node, scope + "before.html");
        String probe = name();
        String v1 = publish(TestBundles.probe("name", probe));
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        assertThat(controllerOf(node, client)).isEmpty();

        Outcome outcome = node.handle(message(client, id, "claim"));
        assertThat(outcome.failure()).isEmpty();
        assertThat(controllerOf(node, client)).isEqualTo(v1);
        awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, client, "version", v1);

        CloudEvent fetch = FetchMessages.requestEvent(GATEWAY, id, v1, "gateway-test",
                new FetchMessages.Request("GET", scope + "data.json", List.of(), new byte[0], client));
        CloudEvent reply = node.handle(fetch).outgoing().get(0);
        FetchMessages.Response response = FetchMessages.decodeResponse(SwitchboardEvents.data(reply));
        assertThat(reply.getType()).isEqualTo(EventTypes.FETCH_RESPONSE);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("fetched by " + probe);
    }

    // WPT: service-workers/service-worker/update-bytecheck.https.html
    @Test
    void updateInstallsOnlyWhenTheBytesChanged() {
        String probe = "same-" + name();
        byte[] bundle = TestBundles.probe("name", probe);
        String v1 = publish(bundle);
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);

        assertThat(publish(bundle.clone())).as("identical bytes are the same version").isEqualTo(v1);
        RegistrationRecord unchanged = node.runtime().lifecycle().update(id);
        assertThat(unchanged.installingVersion()).isEmpty();
        assertThat(unchanged.activeVersion()).isEqualTo(v1);

        // The same worker with one byte changed in its configuration: a new version.
        String v2 = publish(TestBundles.probe("name", probe.substring(0, probe.length() - 1) + "x"));
        assertThat(v2).isNotEqualTo(v1);
        RegistrationRecord updated = node.runtime().lifecycle().update(id);
        assertThat(updated.installingVersion()).isEqualTo(v2);
        awaitState(node, id, v2, LifecycleState.ACTIVATED);
    }

    /**
     * {@code setup_activation_test} of activation.https.html: v1 active and controlling a client, an in-flight
     * message event of v1 (held until its gate opens), and v2 installed and waiting behind both.
     */
    private record Activation(String id, String v1, String v2, String client, String probe,
            CompletableFuture<Outcome> inFlight) {
    }

    private Activation setUpActivation() {
        String probe = name();
        String v1 = publish(TestBundles.probe("name", probe));
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "page.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(node, client)));
        CompletableFuture<Outcome> inFlight = CompletableFuture.supplyAsync(() -> node.handle(message(client, id, "wait")));
        await().atMost(WAIT).until(() -> !node.hazelcast().getMap(HazelcastNames.IN_FLIGHT).isEmpty());
        String v2 = publish(TestBundles.probe("name", name()));
        node.runtime().lifecycle().update(id);
        awaitState(node, id, v2, LifecycleState.INSTALLED);
        return new Activation(id, v1, v2, client, probe, inFlight);
    }

    // WPT: service-workers/service-worker/activation.https.html ("finishing a request triggers activation")
    @Test
    void finishingARequestTriggersActivation() throws Exception {
        Activation setup = setUpActivation();
        leave(node, setup.client());
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> LifecycleState.INSTALLED.equals(stateOf(node, setup.id(), setup.v2())));

        open("message-" + setup.probe());
        assertThat(setup.inFlight().get(30, TimeUnit.SECONDS).failure()).isEmpty();
        awaitState(node, setup.id(), setup.v2(), LifecycleState.ACTIVATED);
        assertThat(node.runtime().lifecycle().get(setup.id()).orElseThrow().activeVersion()).isEqualTo(setup.v2());
    }

    // WPT: service-workers/service-worker/activation.https.html ("finishing a request triggers unregister")
    @Test
    void finishingARequestTriggersUnregister() throws Exception {
        Activation setup = setUpActivation();
        leave(node, setup.client());

        // unregister() resolves at once; the registration is cleared once its in-flight event has finished.
        assertThat(node.runtime().lifecycle().unregister(setup.id())).isTrue();
        assertThat(node.runtime().lifecycle().get(setup.id())).as("no new events or clients reach it").isEmpty();
        await().during(Duration.ofMillis(700)).atMost(WAIT)
                .until(() -> LifecycleState.INSTALLED.equals(stateOf(node, setup.id(), setup.v2())));
        assertThat(stateOf(node, setup.id(), setup.v1())).isEqualTo(LifecycleState.ACTIVATED);

        open("message-" + setup.probe());
        assertThat(setup.inFlight().get(30, TimeUnit.SECONDS).failure()).isEmpty();
        awaitState(node, setup.id(), setup.v2(), LifecycleState.REDUNDANT);
        awaitState(node, setup.id(), setup.v1(), LifecycleState.REDUNDANT);
        assertThat(node.runtime().lifecycle().get(setup.id())).isEmpty();
    }

    // WPT: service-workers/service-worker/fetch-waits-for-activate.https.html
    @Test
    void fetchEventsWaitForActivation() throws Exception {
        String probe = name();
        String v1 = publish(TestBundles.probe("name", probe, "activate", "hold", "claim", "true"));
        String client = connect(node, scope + "page.html");
        String id = node.runtime().lifecycle().register(script, null, null, null).id();
        awaitState(node, id, v1, LifecycleState.ACTIVATING);

        CloudEvent fetch = FetchMessages.requestEvent(GATEWAY, id, v1, "gateway-test",
                new FetchMessages.Request("GET", scope + "a", List.of(), new byte[0], client));
        var answered = CompletableFuture.supplyAsync(() -> node.handle(fetch));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !answered.isDone());
        assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.ACTIVATING);

        open("activate-" + probe);
        Outcome outcome = answered.get(30, TimeUnit.SECONDS);
        assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.ACTIVATED);
        FetchMessages.Response response = FetchMessages.decodeResponse(SwitchboardEvents.data(outcome.outgoing().get(0)));
        assertThat(response.status()).isEqualTo(200);
    }

    // WPT: service-workers/service-worker/Service-Worker-Allowed-header.https.html
    @Test
    void theSameScopeIsTheSameRegistrationAndAWiderScopeNeedsTheAllowedScope() {
        String v1 = publish(TestBundles.probe("name", name()));
        RegistrationRecord first = node.runtime().lifecycle().register(script, null, null, null);
        RegistrationRecord again = node.runtime().lifecycle().register(script, "./", null, null);
        assertThat(again.id()).isEqualTo(first.id());
        assertThatThrownBy(() -> node.runtime().lifecycle().register(script, origin + "/", null, null))
                .isInstanceOf(RegistrationException.class).hasMessageContaining("SecurityError");
        RegistrationRecord wide = node.runtime().lifecycle().register(script, origin + "/", origin + "/", null);
        assertThat(wide.scope()).isEqualTo(origin + "/");
        assertThat(wide.id()).isNotEqualTo(first.id());
        assertThat(node.runtime().lifecycle().forUrl(scope + "x.html").orElseThrow().id()).isEqualTo(first.id());
        assertThat(node.runtime().lifecycle().forUrl(origin + "/other.html").orElseThrow().id()).isEqualTo(wide.id());
        awaitState(node, first.id(), v1, LifecycleState.ACTIVATED);
    }
}
