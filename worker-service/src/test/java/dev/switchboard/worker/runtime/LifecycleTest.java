package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.RegistrationException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The lifecycle behaviours of web-platform-tests' service-workers/service-worker, ported to a worker node over a
 * real Hazelcast cluster and Kafka broker. The test plays the gateway: it records clients in the client
 * registry, posts their messages and reads the deliveries topic for the lifecycle notices the clients would get.
 * Each nested class ports one upstream file (its display name); each of its tests is one upstream case (the
 * upstream title). Cases of Switchboard's own are tagged {@code switchboard}. docs/lifecycle.md counts them.
 */
class LifecycleTest extends OneNodeFixture {

    /** How long a held promise is held before the test checks that nothing moved meanwhile. */
    private static final Duration HELD = Duration.ofMillis(500);

    private String publish(byte[] bundle) {
        return node.runtime().bundles().publish(script, bundle);
    }

    private RegistrationRecord register() {
        return node.runtime().lifecycle().register(script, null, null, null);
    }

    private static String name() {
        return "p" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The version's state stays {@code state} for {@link #HELD}: a held promise holds it. */
    private static void staysIn(String registrationId, String digest, LifecycleState state) {
        await().during(HELD).atMost(WAIT).until(() -> state.equals(stateOf(node, registrationId, digest)));
    }

    /** A v1 active and controlling a client in scope. */
    private record Controlled(String id, String v1, String client) {}

    private Controlled controlledByV1() {
        String v1 = publish(TestBundles.probe("name", name()));
        String id = register().id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "index.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(node, client)));
        return new Controlled(id, v1, client);
    }

    /**
     * {@code setup_activation_test} of activation.https.html: v1 active and controlling a client, an in-flight
     * message event of v1 (held until its gate opens), and v2 ({@code v2Settings} added) installed and waiting
     * behind both.
     */
    private record ActivationSetup(
            String id, String v1, String v2, String client, String probe, CompletableFuture<Outcome> inFlight) {

        /** {@code registration.active.postMessage('go')}: the in-flight event finishes. */
        void finishRequest() throws Exception {
            open("message-" + probe);
            assertThat(inFlight.get(30, TimeUnit.SECONDS).failure()).isEmpty();
        }
    }

    private ActivationSetup setUpActivation(String... v2Settings) {
        String probe = name();
        String v1 = publish(TestBundles.probe("name", probe));
        String id = register().id();
        awaitState(node, id, v1, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "page.html");
        await().atMost(WAIT).until(() -> v1.equals(controllerOf(node, client)));
        CompletableFuture<Outcome> inFlight =
                CompletableFuture.supplyAsync(() -> node.handle(message(client, id, "wait")));
        await().atMost(WAIT)
                .until(() -> !node.hazelcast().getMap(HazelcastNames.IN_FLIGHT).isEmpty());
        String[] settings = new String[v2Settings.length + 2];
        settings[0] = "name";
        settings[1] = name();
        System.arraycopy(v2Settings, 0, settings, 2, v2Settings.length);
        String v2 = publish(TestBundles.probe(settings));
        node.runtime().lifecycle().update(id);
        awaitState(node, id, v2, LifecycleState.INSTALLED);
        return new ActivationSetup(id, v1, v2, client, probe, inFlight);
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/activate-event-after-install-state-change.https.html")
    class ActivateEventAfterInstallStateChange {

        @Test
        @DisplayName("installed event should be fired before activating service worker")
        void installedBeforeActivating() {
            String client = connect(node, scope + "page.html");
            String digest = publish(TestBundles.probe("name", name()));
            String id = Lifecycle.idOf(scope);
            // Every state the registration goes through, in order (entry events of one key arrive in order).
            List<RegistrationRecord> seen = new CopyOnWriteArrayList<>();
            IMap<String, RegistrationRecord> registrations = node.hazelcast().getMap(HazelcastNames.REGISTRATIONS);
            UUID listener = registrations.addEntryListener(
                    new EntryAdapter<String, RegistrationRecord>() {
                        @Override
                        public void onEntryEvent(EntryEvent<String, RegistrationRecord> event) {
                            seen.add(event.getValue());
                        }
                    },
                    id,
                    true);
            try {
                register();
                ConsumerRecord<String, CloudEvent> installed = awaitNotice(
                        deliveries,
                        EventTypes.WORKER_STATECHANGE,
                        client,
                        "state",
                        LifecycleState.INSTALLED.wireName());
                ConsumerRecord<String, CloudEvent> activating = awaitNotice(
                        deliveries,
                        EventTypes.WORKER_STATECHANGE,
                        client,
                        "state",
                        LifecycleState.ACTIVATING.wireName());
                assertThat(installed.offset())
                        .as("installed is delivered before activating")
                        .isLessThan(activating.offset());
                awaitState(node, id, digest, LifecycleState.ACTIVATED);
                RegistrationRecord whenInstalled = seen.stream()
                        .filter(r -> digest.equals(r.waitingVersion()))
                        .findFirst()
                        .orElseThrow();
                assertThat(whenInstalled.activeVersion())
                        .as("registration.active at the installed statechange")
                        .isEmpty();
            } finally {
                registrations.removeEntryListener(listener);
            }
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/extendable-event-waituntil.https.html")
    class ExtendableEventWaitUntil {

        @Test
        @DisplayName("Test install event waitUntil fulfilled")
        void installFulfilled() {
            String client = connect(node, scope + "page.html");
            String probe = name();
            String digest = publish(TestBundles.probe("name", probe, "install", "hold"));
            RegistrationRecord registration = register();
            assertThat(registration.scope()).isEqualTo(scope);
            assertThat(registration.installingVersion()).isEqualTo(digest);
            awaitNotice(deliveries, EventTypes.REGISTRATION_UPDATEFOUND, client, "version", digest);
            awaitNotice(
                    deliveries, EventTypes.WORKER_STATECHANGE, client, "state", LifecycleState.INSTALLING.wireName());
            staysIn(registration.id(), digest, LifecycleState.INSTALLING);

            open("install-" + probe);
            for (LifecycleState state :
                    List.of(LifecycleState.INSTALLED, LifecycleState.ACTIVATING, LifecycleState.ACTIVATED)) {
                awaitNotice(deliveries, EventTypes.WORKER_STATECHANGE, client, "state", state.wireName());
            }
            RegistrationRecord active =
                    awaitRegistration(node, registration.id(), r -> LifecycleState.ACTIVATED.is(r.activeState()));
            assertThat(active.activeVersion()).isEqualTo(digest);
            assertThat(active.installingVersion()).isEmpty();
            assertThat(active.waitingVersion()).isEmpty();
            assertThat(active.routesJson()).isEqualTo("[]");
            assertThat(controllerOf(node, client))
                    .as("a page loaded before activation stays uncontrolled until claimed")
                    .isEmpty();
        }

        @Test
        @DisplayName("Test ExtendableEvent multiple waitUntil fulfilled.")
        void multipleFulfilled() {
            installSettlesOnlyOnceBothHeldPromisesDo("hold+hold", 2, LifecycleState.ACTIVATED);
        }

        @Test
        @DisplayName("Test ExtendableEvent waitUntil reject precedence.")
        void rejectPrecedence() {
            // The second promise rejects at once; the version is redundant only once the other two settled.
            installSettlesOnlyOnceBothHeldPromisesDo("hold+fail+hold", 3, LifecycleState.REDUNDANT);
        }

        /** An install whose {@code plan} holds its first and its {@code last}-th promise: released one by one. */
        private void installSettlesOnlyOnceBothHeldPromisesDo(String plan, int last, LifecycleState settled) {
            String probe = name();
            String digest = publish(TestBundles.probe("name", probe, "install", plan));
            String id = register().id();
            staysIn(id, digest, LifecycleState.INSTALLING);
            open("install-" + probe);
            staysIn(id, digest, LifecycleState.INSTALLING);
            open("install-" + probe + "-" + last);
            awaitState(node, id, digest, settled);
        }

        @Test
        @DisplayName("Test activate event waitUntil fulfilled")
        void activateFulfilled() {
            String probe = name();
            String digest = publish(TestBundles.probe("name", probe, "activate", "hold"));
            String id = register().id();
            awaitState(node, id, digest, LifecycleState.ACTIVATING);
            staysIn(id, digest, LifecycleState.ACTIVATING);
            open("activate-" + probe);
            awaitState(node, id, digest, LifecycleState.ACTIVATED);
        }

        @Test
        @DisplayName("Test install event waitUntil rejected")
        void installRejected() {
            String failing = publish(TestBundles.probe("name", name(), "install", "fail"));
            RegistrationRecord registration = register();
            awaitState(node, registration.id(), failing, LifecycleState.REDUNDANT);
            RegistrationRecord after =
                    node.runtime().lifecycle().get(registration.id()).orElseThrow();
            assertThat(after.installingVersion()).isEmpty();
            assertThat(after.activeVersion()).isEmpty();
        }

        @Test
        @DisplayName("Test activate event waitUntil rejected.")
        void activateRejected() {
            String activateFails = publish(TestBundles.probe("name", name(), "activate", "fail"));
            String id = register().id();
            awaitState(node, id, activateFails, LifecycleState.ACTIVATED);
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/activation.https.html")
    class Activation {

        @Test
        @DisplayName("loss of controllees triggers activation")
        void lossOfControllees() throws Exception {
            ActivationSetup setup = setUpActivation();
            setup.finishRequest();
            staysIn(setup.id(), setup.v2(), LifecycleState.INSTALLED);
            assertThat(node.runtime().lifecycle().get(setup.id()).orElseThrow().waitingVersion())
                    .isEqualTo(setup.v2());

            leave(node, setup.client());
            awaitState(node, setup.id(), setup.v2(), LifecycleState.ACTIVATED);
            assertThat(node.runtime().lifecycle().get(setup.id()).orElseThrow().activeVersion())
                    .isEqualTo(setup.v2());
            assertThat(stateOf(node, setup.id(), setup.v1())).isEqualTo(LifecycleState.REDUNDANT);
        }

        @Test
        @DisplayName("finishing a request triggers activation")
        void finishingARequestTriggersActivation() throws Exception {
            ActivationSetup setup = setUpActivation();
            leave(node, setup.client());
            staysIn(setup.id(), setup.v2(), LifecycleState.INSTALLED);

            setup.finishRequest();
            awaitState(node, setup.id(), setup.v2(), LifecycleState.ACTIVATED);
            assertThat(node.runtime().lifecycle().get(setup.id()).orElseThrow().activeVersion())
                    .isEqualTo(setup.v2());
        }

        @Test
        @DisplayName("skipWaiting bypasses no controllee requirement")
        void skipWaitingBypassesNoControllee() throws Exception {
            ActivationSetup setup = setUpActivation("skipWaiting", "true");
            // skipWaiting does not cut the active version's request short.
            staysIn(setup.id(), setup.v2(), LifecycleState.INSTALLED);

            setup.finishRequest();
            awaitState(node, setup.id(), setup.v2(), LifecycleState.ACTIVATED);
            assertThat(node.runtime().lifecycle().get(setup.id()).orElseThrow().activeVersion())
                    .isEqualTo(setup.v2());
            await().atMost(WAIT).until(() -> setup.v2().equals(controllerOf(node, setup.client())));
            awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, setup.client(), "version", setup.v2());
        }

        @Test
        @DisplayName("finishing a request triggers unregister")
        void finishingARequestTriggersUnregister() throws Exception {
            ActivationSetup setup = setUpActivation();
            leave(node, setup.client());

            // unregister() resolves at once; the registration is cleared once its in-flight event has finished.
            assertThat(node.runtime().lifecycle().unregister(setup.id())).isTrue();
            assertThat(node.runtime().lifecycle().get(setup.id()))
                    .as("no new events or clients reach it")
                    .isEmpty();
            staysIn(setup.id(), setup.v2(), LifecycleState.INSTALLED);
            assertThat(stateOf(node, setup.id(), setup.v1())).isEqualTo(LifecycleState.ACTIVATED);

            setup.finishRequest();
            awaitState(node, setup.id(), setup.v2(), LifecycleState.REDUNDANT);
            awaitState(node, setup.id(), setup.v1(), LifecycleState.REDUNDANT);
            assertThat(node.runtime().lifecycle().get(setup.id())).isEmpty();
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/skip-waiting-installed.https.html")
    class SkipWaitingInstalled {

        @Test
        @DisplayName("Test skipWaiting when a installed worker is waiting")
        void skipWaitingWhileWaiting() throws Exception {
            Controlled controlled = controlledByV1();
            String probe = name();
            String v2 = publish(TestBundles.probe("name", probe));
            node.runtime().lifecycle().update(controlled.id());
            awaitState(node, controlled.id(), v2, LifecycleState.INSTALLED);
            staysIn(controlled.id(), v2, LifecycleState.INSTALLED);

            // service_worker.postMessage(...) to the waiting worker, whose handler calls skipWaiting() and keeps
            // its event open (event.waitUntil): the waiting worker's own event does not hold its activation back.
            CloudEvent toWaiting = CloudEventBuilder.v1(message(controlled.client(), controlled.id(), "skipWaiting"))
                    .withExtension(EventExtensions.WORKER_VERSION, v2)
                    .build();
            CompletableFuture<Outcome> handled = CompletableFuture.supplyAsync(() -> node.handle(toWaiting));
            awaitState(node, controlled.id(), v2, LifecycleState.ACTIVATED);
            assertThat(handled).as("the message event is still open").isNotDone();
            assertThat(node.runtime()
                            .lifecycle()
                            .get(controlled.id())
                            .orElseThrow()
                            .activeVersion())
                    .isEqualTo(v2);
            awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, controlled.client(), "version", v2);
            assertThat(controllerOf(node, controlled.client())).isEqualTo(v2);
            assertThat(stateOf(node, controlled.id(), controlled.v1())).isEqualTo(LifecycleState.REDUNDANT);

            open("skip-waiting-" + probe);
            Outcome outcome = handled.get(30, TimeUnit.SECONDS);
            assertThat(outcome.failure()).isEmpty();
            assertThat(outcome.version())
                    .as("the waiting worker got the message")
                    .isEqualTo(v2);
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/claim-fetch.https.html")
    class ClaimFetch {

        @Test
        @DisplayName("fetch() should be intercepted after the client is claimed.")
        void claimThenFetch() {
            String client = connect(node, scope + "before.html");
            String probe = name();
            String v1 = publish(TestBundles.probe("name", probe));
            String id = register().id();
            awaitState(node, id, v1, LifecycleState.ACTIVATED);
            assertThat(controllerOf(node, client)).isEmpty();

            Outcome outcome = node.handle(message(client, id, "claim"));
            assertThat(outcome.failure()).isEmpty();
            assertThat(controllerOf(node, client)).isEqualTo(v1);
            awaitNotice(deliveries, EventTypes.CLIENT_CONTROLLERCHANGE, client, "version", v1);

            CloudEvent fetch = FetchMessages.requestEvent(
                    GATEWAY,
                    id,
                    v1,
                    "gateway-test",
                    new FetchMessages.Request("GET", scope + "data.json", List.of(), new byte[0], client));
            CloudEvent reply = node.handle(fetch).outgoing().get(0);
            FetchMessages.Response response = FetchMessages.decodeResponse(SwitchboardEvents.data(reply));
            assertThat(reply.getType()).isEqualTo(EventTypes.FETCH_RESPONSE);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("fetched by " + probe);
        }
    }

    /**
     * A bundle is the whole script: its main class and configuration ({@code main}) and every other entry of the jar
     * ({@code imported}, as an imported script). "time" is content that differs between the two fetches.
     */
    @Nested
    @DisplayName("WPT service-workers/service-worker/update-bytecheck.https.html")
    class UpdateBytecheck {

        @ParameterizedTest(name = "Test(cors: false, main: {0}, imported: {1})")
        @CsvSource({"default, default", "default, time", "time, default", "time, time"})
        void updateInstallsOnlyWhenTheBytesChanged(String main, String imported) {
            String probe = "same-" + name();
            String v1 = publish(bundle(probe, main, imported, 1));
            String id = register().id();
            awaitState(node, id, v1, LifecycleState.ACTIVATED);

            String next = publish(bundle(probe, main, imported, 2));
            RegistrationRecord updated = node.runtime().lifecycle().update(id);
            if (main.equals("time") || imported.equals("time")) {
                assertThat(next).as("changed bytes are a new version").isNotEqualTo(v1);
                assertThat(updated.installingVersion()).isEqualTo(next);
                awaitState(node, id, next, LifecycleState.ACTIVATED);
            } else {
                assertThat(next).as("identical bytes are the same version").isEqualTo(v1);
                assertThat(updated.installingVersion()).isEmpty();
                assertThat(updated.waitingVersion()).isEmpty();
                assertThat(updated.activeVersion()).isEqualTo(v1);
            }
        }

        private static byte[] bundle(String probe, String main, String imported, int fetch) {
            String importedBody = imported.equals("time") ? "imported, fetch " + fetch : "imported";
            return TestBundles.probe(
                    Map.of("imported.txt", importedBody.getBytes(StandardCharsets.UTF_8)),
                    "name",
                    main.equals("time") ? probe + "-" + fetch : probe);
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/fetch-waits-for-activate.https.html")
    class FetchWaitsForActivate {

        @Test
        @DisplayName("Fetch events should wait for the activate event to complete.")
        void fetchEventsWaitForActivation() throws Exception {
            String probe = name();
            String v1 = publish(TestBundles.probe("name", probe, "activate", "hold", "claim", "true"));
            String client = connect(node, scope + "page.html");
            String id = register().id();
            awaitState(node, id, v1, LifecycleState.ACTIVATING);

            CloudEvent fetch = FetchMessages.requestEvent(
                    GATEWAY,
                    id,
                    v1,
                    "gateway-test",
                    new FetchMessages.Request("GET", scope + "a", List.of(), new byte[0], client));
            var answered = CompletableFuture.supplyAsync(() -> node.handle(fetch));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !answered.isDone());
            assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.ACTIVATING);

            open("activate-" + probe);
            Outcome outcome = answered.get(30, TimeUnit.SECONDS);
            assertThat(stateOf(node, id, v1)).isEqualTo(LifecycleState.ACTIVATED);
            FetchMessages.Response response = FetchMessages.decodeResponse(
                    SwitchboardEvents.data(outcome.outgoing().get(0)));
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: the same scope is the same registration, and a wider scope needs the allowed scope")
    void theSameScopeIsTheSameRegistrationAndAWiderScopeNeedsTheAllowedScope() {
        String v1 = publish(TestBundles.probe("name", name()));
        RegistrationRecord first = register();
        RegistrationRecord again = node.runtime().lifecycle().register(script, "./", null, null);
        assertThat(again.id()).isEqualTo(first.id());
        assertThatThrownBy(() -> node.runtime().lifecycle().register(script, origin + "/", null, null))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("SecurityError");
        RegistrationRecord wide = node.runtime().lifecycle().register(script, origin + "/", origin + "/", null);
        assertThat(wide.scope()).isEqualTo(origin + "/");
        assertThat(wide.id()).isNotEqualTo(first.id());
        assertThat(node.runtime()
                        .lifecycle()
                        .forUrl(scope + "x.html")
                        .orElseThrow()
                        .id())
                .isEqualTo(first.id());
        assertThat(node.runtime()
                        .lifecycle()
                        .forUrl(origin + "/other.html")
                        .orElseThrow()
                        .id())
                .isEqualTo(wide.id());
        awaitState(node, first.id(), v1, LifecycleState.ACTIVATED);
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: an allowed scope on another origin refuses the registration")
    void aCrossOriginAllowedScopeIsRefused() {
        publish(TestBundles.probe("name", name()));
        assertThatThrownBy(() -> node.runtime().lifecycle().register(script, null, "https://elsewhere.example/", null))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("SecurityError");
        assertThat(node.runtime().lifecycle().get(Lifecycle.idOf(scope))).isEmpty();
    }
}
