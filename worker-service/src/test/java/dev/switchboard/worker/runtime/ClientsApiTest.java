package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.nio.serialization.genericrecord.GenericRecord;
import com.hazelcast.nio.serialization.genericrecord.GenericRecordBuilder;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.lifecycle.RegistrationException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * {@code self.clients()} over a real Hazelcast cluster and Kafka broker, the test playing the gateway (it records
 * clients in the registry and posts their events) and push-service (push and sync events). Two users, alice and
 * bob, have clients in one scope: a handler sees only the clients of its event's user — whatever the kind of
 * event — unless an admin granted the registration the cross-user capability; {@code matchAll} filters by type
 * and control and orders by connection time; {@code postMessage} reaches the user's clients from every kind of
 * handler.
 */
class ClientsApiTest extends OneNodeFixture {

    private static final URI PUSH = ServiceSources.of("push-service", "test");
    private static final String ALICE = "alice-" + UUID.randomUUID();
    private static final String BOB = "bob-" + UUID.randomUUID();
    /** {@code matchAll({type: 'all', includeUncontrolled: true})}: every client the event may see. */
    private static final String EVERY_CLIENT = "{\"matchAll\":{\"type\":\"all\",\"includeUncontrolled\":true}}";

    /**
     * An active registration of this test's origin with clients in its scope, in the order they connected:
     * alice's {@code early} page (connected before any version, so uncontrolled), her {@code window}, {@code worker}
     * and {@code shared} worker (controlled), bob's {@code bob} page (controlled); and alice's {@code elsewhere}, a
     * page out of scope.
     */
    private record Scene(
            String id,
            String version,
            String early,
            String window,
            String worker,
            String shared,
            String bob,
            String elsewhere) {

        List<String> alices() {
            return List.of(early, window, worker, shared);
        }
    }

    private Scene scene(Boolean crossUserClients) {
        String version = node.runtime()
                .bundles()
                .publish(
                        script,
                        TestBundles.probe(
                                "name", "c" + UUID.randomUUID().toString().substring(0, 8), "clients", "true"));
        String early = connect(node, scope + "early.html", ALICE, "window");
        String id = node.runtime()
                .lifecycle()
                .register(script, null, null, null, crossUserClients)
                .id();
        awaitState(node, id, version, LifecycleState.ACTIVATED);
        String window = connect(node, scope + "page.html", ALICE, "window");
        String worker = connect(node, scope + "worker.js", ALICE, "worker");
        String shared = connect(node, scope + "shared.js", ALICE, "sharedworker");
        String bob = connect(node, scope + "page.html", BOB, "window");
        String elsewhere = connect(node, origin + "/other/page.html", ALICE, "window");
        for (String controlled : List.of(window, worker, shared, bob)) {
            await().atMost(WAIT).until(() -> version.equals(controllerOf(node, controlled)));
        }
        assertThat(controllerOf(node, early)).as("connected before any version").isEmpty();
        return new Scene(id, version, early, window, worker, shared, bob, elsewhere);
    }

    @Test
    void matchAllFromAMessageSeesTheSendersUserOnlyFilteredByTypeAndControl() {
        Scene scene = scene(null);

        assertThat(ids(query(scene, scene.window(), ALICE, "{\"matchAll\":{}}")))
                .as("by default the windows this version controls")
                .containsExactly(scene.window());
        assertThat(ids(query(scene, scene.window(), ALICE, "{\"matchAll\":{\"type\":\"all\"}}")))
                .as("every type, oldest connection first")
                .containsExactly(scene.window(), scene.worker(), scene.shared());
        assertThat(ids(query(scene, scene.window(), ALICE, "{\"matchAll\":{\"type\":\"worker\"}}")))
                .containsExactly(scene.worker());
        assertThat(ids(query(scene, scene.window(), ALICE, "{\"matchAll\":{\"type\":\"sharedworker\"}}")))
                .containsExactly(scene.shared());
        assertThat(ids(query(
                        scene,
                        scene.window(),
                        ALICE,
                        "{\"matchAll\":{\"type\":\"window\",\"includeUncontrolled\":true}}")))
                .as("the uncontrolled page too")
                .containsExactly(scene.early(), scene.window());
        JsonNode all = query(scene, scene.worker(), ALICE, EVERY_CLIENT).get("clients");
        assertThat(ids(all)).as("never bob's, never out of scope").containsExactlyElementsOf(scene.alices());
        assertThat(all.findValuesAsText("userId")).containsOnly(ALICE);
        assertThat(all.findValuesAsText("type")).containsExactly("window", "window", "worker", "sharedworker");
        assertThat(all.get(1).get("url").asText()).isEqualTo(scope + "page.html");

        assertThat(ids(query(scene, scene.bob(), BOB, EVERY_CLIENT)))
                .as("bob sees his own")
                .containsExactly(scene.bob());
    }

    @Test
    void getFindsTheUsersOwnClientsOnly() {
        Scene scene = scene(null);

        JsonNode worker = get(scene, scene.window(), ALICE, scene.worker());
        assertThat(worker.get("id").asText()).isEqualTo(scene.worker());
        assertThat(worker.get("type").asText()).isEqualTo("worker");
        assertThat(worker.get("userId").asText()).isEqualTo(ALICE);
        assertThat(get(scene, scene.window(), ALICE, scene.early()).isObject())
                .as("controlled or not")
                .isTrue();
        assertThat(get(scene, scene.window(), ALICE, scene.bob()).isNull())
                .as("bob's client is not alice's to see")
                .isTrue();
        assertThat(get(scene, scene.bob(), BOB, scene.window()).isNull())
                .as("nor alice's bob's")
                .isTrue();
        assertThat(get(scene, scene.window(), ALICE, scene.elsewhere()).isNull())
                .as("out of scope")
                .isTrue();
    }

    @Test
    void aFetchSeesTheClientsOfTheUserWhoseClientSentIt() {
        Scene scene = scene(null);
        CloudEvent fetch = FetchMessages.requestEvent(
                GATEWAY,
                scene.id(),
                scene.version(),
                "gateway-test",
                new FetchMessages.Request("GET", scope + "data.json", List.of(), new byte[0], scene.shared()));
        FetchMessages.Response response = FetchMessages.decodeResponse(
                SwitchboardEvents.data(node.handle(fetch).outgoing().get(0)));
        assertThat(new String(response.body(), StandardCharsets.UTF_8).split(","))
                .containsExactly(scene.window(), scene.worker(), scene.shared());

        CloudEvent anonymous = FetchMessages.requestEvent(
                GATEWAY,
                scene.id(),
                scene.version(),
                "gateway-test",
                new FetchMessages.Request("GET", scope + "data.json", List.of(), new byte[0], ""));
        CloudEvent answer = node.handle(anonymous).outgoing().get(0);
        assertThat(FetchMessages.decodeResponse(SwitchboardEvents.data(answer)).body())
                .as("a request of no client is no user's: it sees nobody")
                .isEmpty();
    }

    @Test
    void aPushHandlerPostsToEveryClientOfItsUserAndNoOneElse() {
        Scene scene = scene(null);
        CloudEvent push = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_PUSH,
                ALICE,
                ALICE,
                scene.id(),
                bytes("{\"messageId\":\"m1\",\"data\":\"cart changed\",\"ttl\":60}"));

        assertThat(deliveredTo(node.handle(push))).containsExactlyInAnyOrderElementsOf(scene.alices());
        for (String client : scene.alices()) {
            JsonNode message = data(deliveries
                    .take(r -> r.key().equals(client) && inReplyTo(r.value(), push), WAIT)
                    .value());
            assertThat(message.get("push").asText()).isEqualTo("cart changed");
        }
    }

    @Test
    void aSyncHandlerPostsToEveryClientOfItsUser() {
        Scene scene = scene(null);
        CloudEvent attempt = CloudEventBuilder.v1(SwitchboardEvents.userEvent(
                        PUSH,
                        EventTypes.SYNC_ATTEMPT,
                        BOB + "/outbox",
                        BOB,
                        scene.id(),
                        bytes("{\"syncId\":\"s\",\"attemptId\":\"a1\",\"tag\":\"outbox\","
                                + "\"payload\":{},\"attempt\":1,\"lastChance\":false}")))
                .withExtension(EventExtensions.REPLY_TO, "push-test")
                .build();

        Outcome outcome = node.handle(attempt);
        assertThat(outcome.failure()).isEmpty();
        assertThat(deliveredTo(outcome)).containsExactly(scene.bob());
        JsonNode message = data(deliveries
                .take(r -> r.key().equals(scene.bob()) && inReplyTo(r.value(), attempt), WAIT)
                .value());
        assertThat(message.get("sync").asText()).isEqualTo("outbox");
        assertThat(message.get("user").asText()).isEqualTo(BOB);
    }

    @Test
    void aNotificationClickReachesTheOtherClientsOfItsUser() {
        Scene scene = scene(null);
        CloudEvent click = SwitchboardEvents.clientEvent(
                GATEWAY,
                EventTypes.NOTIFICATION_CLICK,
                scene.window(),
                ALICE,
                scene.id(),
                bytes("{\"tag\":\"t1\",\"action\":\"\",\"data\":{}}"));
        assertThat(deliveredTo(node.handle(click))).containsExactlyInAnyOrderElementsOf(scene.alices());
    }

    @Test
    void anEventForNoUserSeesNoClients() {
        Scene scene = scene(null);
        assertThat(query(scene, scene.window(), ALICE, "{\"activateSaw\":true}")
                        .get("activateSaw")
                        .asText())
                .as("activate saw none of the clients in scope, alice's early page included")
                .isEqualTo("0");
        RegistrationRecord registration =
                node.runtime().lifecycle().get(scene.id()).orElseThrow();
        assertThat(registration.crossUserClients()).isFalse();
    }

    @Test
    void withTheCrossUserCapabilityEveryUsersClientsAreSeen() {
        Scene scene = scene(true);
        assertThat(node.runtime().lifecycle().get(scene.id()).orElseThrow().crossUserClients())
                .isTrue();

        JsonNode all = query(scene, scene.window(), ALICE, EVERY_CLIENT).get("clients");
        List<String> expected = new ArrayList<>(scene.alices());
        expected.add(scene.bob());
        assertThat(ids(all)).containsExactlyElementsOf(expected);
        assertThat(all.get(4).get("userId").asText())
                .as("each client says whose it is")
                .isEqualTo(BOB);
        assertThat(get(scene, scene.window(), ALICE, scene.bob()).get("userId").asText())
                .isEqualTo(BOB);
        assertThat(query(scene, scene.window(), ALICE, "{\"activateSaw\":true}")
                        .get("activateSaw")
                        .asText())
                .as("activate saw alice's early page, the only client then")
                .isEqualTo("1");
        CloudEvent push = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_PUSH,
                ALICE,
                ALICE,
                scene.id(),
                bytes("{\"messageId\":\"m2\",\"data\":\"to all\",\"ttl\":60}"));
        assertThat(deliveredTo(node.handle(push))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theCapabilityIsKeptByAPlainRegisterAndRevokedExplicitly() {
        Scene scene = scene(true);
        assertThat(node.runtime().lifecycle().register(script, null, null, null).crossUserClients())
                .as("registering again without saying keeps it")
                .isTrue();
        assertThat(node.runtime().lifecycle().update(scene.id()).crossUserClients())
                .isTrue();
        assertThat(node.runtime()
                        .lifecycle()
                        .register(script, null, null, null, false)
                        .crossUserClients())
                .isFalse();
        assertThat(ids(query(scene, scene.window(), ALICE, "{\"matchAll\":{\"type\":\"all\"}}")))
                .as("revoked: alice's only again")
                .containsExactly(scene.window(), scene.worker(), scene.shared());
    }

    @Test
    void aBuiltInCannotHoldTheCapability() {
        assertThatThrownBy(() -> node.runtime().lifecycle().register("builtin:echo", null, null, null, true))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("cross-user");
        assertThat(node.runtime().lifecycle().get("echo").orElseThrow().crossUserClients())
                .isFalse();
    }

    @Test
    void recordsStoredBeforeTheNewFieldsReadBackWithTheirSafeDefaults() {
        // The schemas the records had before: no crossUserClients, no type (a rolling upgrade meets them).
        String key = "old-" + UUID.randomUUID();
        GenericRecord registration = GenericRecordBuilder.compact(RegistrationRecord.class.getName())
                .setString("id", key)
                .setString("scope", scope)
                .setString("scriptUrl", script)
                .setString("upstreamOrigin", origin)
                .setString("installingVersion", "")
                .setString("waitingVersion", "")
                .setString("activeVersion", "v")
                .setString("activeState", "activated")
                .setString("routesJson", "[]")
                .setInt64("updatedAtEpochMillis", 1L)
                .build();
        var registrations = node.hazelcast().<String, Object>getMap("test-old-registrations-" + key);
        registrations.set(key, registration);
        RegistrationRecord read = (RegistrationRecord) registrations.get(key);
        assertThat(read.crossUserClients()).as("no capability unless granted").isFalse();
        assertThat(read.activeVersion()).isEqualTo("v");

        GenericRecord client = GenericRecordBuilder.compact(ClientRecord.class.getName())
                .setString("clientId", key)
                .setString("nodeId", "gw")
                .setString("userId", ALICE)
                .setString("transport", "websocket")
                .setString("url", scope)
                .setInt64("connectedAtEpochMillis", 1L)
                .setString("controller", "")
                .build();
        var clients = node.hazelcast().<String, Object>getMap("test-old-clients-" + key);
        clients.set(key, client);
        assertThat(((ClientRecord) clients.get(key)).type()).as("a page").isEqualTo(ClientRecord.WINDOW);
        registrations.destroy();
        clients.destroy();
    }

    /** Posts {@code json} from {@code clientId} of {@code userId}; the probe's answer to it. */
    private static JsonNode query(Scene scene, String clientId, String userId, String json) {
        CloudEvent message = SwitchboardEvents.clientMessage(GATEWAY, clientId, userId, scene.id(), bytes(json));
        Outcome outcome = node.handle(message);
        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.outgoing()).hasSize(1);
        assertThat(outcome.outgoing().get(0).getExtension(EventExtensions.CLIENT_ID))
                .isEqualTo(clientId);
        return data(outcome.outgoing().get(0));
    }

    /** {@code clients.get(id)} in a message from {@code clientId} of {@code userId}: the client, or a null node. */
    private static JsonNode get(Scene scene, String clientId, String userId, String id) {
        return query(scene, clientId, userId, "{\"get\":\"" + id + "\"}").get("client");
    }

    private static List<String> ids(JsonNode answer) {
        JsonNode clients = answer.has("clients") ? answer.get("clients") : answer;
        List<String> ids = new ArrayList<>();
        clients.forEach(client -> ids.add(client.get("id").asText()));
        return ids;
    }

    /** The clients the handler posted to. */
    private static Set<String> deliveredTo(Outcome outcome) {
        assertThat(outcome.failure()).isEmpty();
        return outcome.outgoing().stream()
                .filter(e -> e.getType().equals(EventTypes.CLIENT_DELIVERY))
                .map(e -> String.valueOf(e.getExtension(EventExtensions.CLIENT_ID)))
                .collect(Collectors.toSet());
    }

    private static boolean inReplyTo(CloudEvent delivery, CloudEvent cause) {
        return SwitchboardEvents.extension(delivery, EventExtensions.IN_REPLY_TO)
                .orElse("")
                .equals(cause.getId());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
