package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.local.bundle.ClientsProbeWorker;
import dev.switchboard.testsupport.ServiceJars;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.worker.api.ServiceWorker;

/**
 * {@code self.clients} across two gateway processes and a worker process: three users with two devices each, one
 * device on each node, all controlled by a published bundle ({@link ClientsProbeWorker}). A message from any device
 * sees, through {@code matchAll}, exactly its own user's two devices, wherever they are connected, and never another
 * user's; {@code get} of another user's client finds nothing, of the user's other device finds it. The worker decides
 * who subscribes to a {@code club} channel ({@code subscribe = WORKER}): its {@code onSubscribe} lets each user into
 * its own, from either node, and refuses the others with its reason; a client no bundle controls (the echo worker has
 * no {@code onSubscribe}) is refused. A MessageChannel the worker opens between a client on each node carries
 * messages both ways, in order, and closing one end closes the other.
 */
class ClientsAcrossNodesIT {

    private static final String SCOPE = MultiNodeFixture.FETCH_ORIGIN + "/app/people/";
    private static final String SCRIPT = SCOPE + "sw.jar";

    private static MultiNodeFixture fixture;
    private static String version;

    @BeforeAll
    static void register() throws Exception {
        fixture = MultiNodeFixture.get();
        byte[] bundle = ServiceJars.of(ServiceWorker.class, ClientsProbeWorker.class, Map.of());
        version = fixture.register(SCRIPT, SCOPE, bundle, Map.of())
                .get("activeVersion")
                .asText();
    }

    @Test
    void everyDeviceSeesItsOwnUsersDevicesOnBothNodesAndNoOneElses() throws Exception {
        URI gatewayA = fixture.http(fixture.gatewayA, "/");
        URI gatewayB = fixture.http(fixture.gatewayB, "/");
        List<ChannelClient> devices = new ArrayList<>();
        try {
            for (int user = 0; user < 3; user++) {
                ChannelClient first = ChannelClient.connect(gatewayA, null, SCOPE + "user-" + user + "/phone");
                devices.add(first);
                devices.add(ChannelClient.connect(gatewayB, first, SCOPE + "user-" + user + "/laptop"));
            }
            devices.forEach(ClientsAcrossNodesIT::awaitControlled);
            for (int i = 0; i < devices.size(); i++) {
                ChannelClient device = devices.get(i);
                ChannelClient otherDevice = devices.get(i ^ 1);
                ChannelClient otherUser = devices.get((i + 2) % devices.size());
                assertThat(device.node()).isNotEqualTo(otherDevice.node());

                JsonNode seen = ask(device, otherUser.clientId());
                Set<String> ids = new HashSet<>();
                seen.get("clients").forEach(client -> {
                    ids.add(client.get("id").asText());
                    assertThat(client.get("userId").asText()).isEqualTo(device.userId());
                });
                assertThat(ids)
                        .as("matchAll from %s", device.node())
                        .containsExactlyInAnyOrder(device.clientId(), otherDevice.clientId());
                assertThat(seen.get("peeked").asText())
                        .as("get of another user's client")
                        .isEmpty();
                assertThat(ask(device, otherDevice.clientId()).get("peeked").asText())
                        .as("get of the user's device on the other node")
                        .isEqualTo(otherDevice.clientId());
            }
        } finally {
            devices.forEach(ChannelClient::close);
        }
    }

    @Test
    void theWorkerDecidesWhoSubscribesOnEitherNode() throws Exception {
        URI gatewayA = fixture.http(fixture.gatewayA, "/");
        URI gatewayB = fixture.http(fixture.gatewayB, "/");
        try (ChannelClient onA = ChannelClient.connect(gatewayA, null, SCOPE + "club/a");
                ChannelClient onB = ChannelClient.connect(gatewayB, null, SCOPE + "club/b");
                ChannelClient uncontrolled = ChannelClient.connect(gatewayB)) {
            for (ChannelClient client : List.of(onA, onB)) {
                awaitControlled(client);
                assertThat(client.subscribe("club:" + client.userId())
                                .get("type")
                                .asText())
                        .isEqualTo("subscribed");
            }
            JsonNode refused = onA.request(ChannelClient.subscribeFrame("club:" + onB.userId()));
            assertThat(refused.get("code").asText()).as(refused.toString()).isEqualTo("forbidden");
            assertThat(refused.get("message").asText()).isEqualTo("the worker refused: members only");
            JsonNode echo = uncontrolled.request(ChannelClient.subscribeFrame("club:" + uncontrolled.userId()));
            assertThat(echo.get("code").asText()).as(echo.toString()).isEqualTo("forbidden");
            assertThat(echo.get("message").asText()).contains("did not allow it");
        }
    }

    @Test
    void aMessageChannelBetweenClientsOnTheTwoNodesCarriesMessagesBothWaysInOrderAndClosesBothEnds() throws Exception {
        try (ChannelClient caller = controlled(fixture.gatewayA, null, "line/a");
                ChannelClient called = controlled(fixture.gatewayB, caller, "line/b")) {
            caller.send(Frames.message(Map.of("call", called.clientId())));
            String callerPort = handedPort(caller);
            String calledPort = handedPort(called);
            start(caller, callerPort);
            start(called, calledPort);
            talk(caller, callerPort, called, calledPort);
        }
    }

    @Test
    void aClientsOwnMessageChannelPassedThroughTheWorkerConnectsItToAClientOnTheOtherNode() throws Exception {
        try (ChannelClient caller = controlled(fixture.gatewayA, null, "own/a");
                ChannelClient called = controlled(fixture.gatewayB, caller, "own/b")) {
            JsonNode opened = caller.request("{\"type\":\"port-open\",\"ref\":\"open\"}");
            String kept = opened.get("ports").get(0).asText();
            String passed = opened.get("ports").get(1).asText();
            start(caller, kept);
            start(caller, passed);
            JsonNode sent = caller.request("{\"type\":\"message\",\"data\":{\"forward\":\"" + called.clientId()
                    + "\"},\"ports\":[\"" + passed + "\"],\"ref\":\"pass\"}");
            assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("ack");
            // Posted while the port is on its way: its next holder reads it all the same.
            caller.request(portFrame("port-message", kept, 0));
            assertThat(handedPort(called)).isEqualTo(passed);
            start(called, passed);
            assertThat(received(called, 1))
                    .as("what was posted while the port was on its way")
                    .containsExactly(0);
            talk(caller, kept, called, passed);
        }
    }

    private static void start(ChannelClient holder, String port) throws Exception {
        JsonNode started = holder.request(portFrame("port-start", port, null));
        assertThat(started.get("type").asText()).as(started.toString()).isEqualTo("port-started");
    }

    /** Twenty messages each way between the two holders, in order; then one closes and both ends are closed. */
    private static void talk(ChannelClient caller, String callerPort, ChannelClient called, String calledPort)
            throws Exception {
        for (int n = 1; n <= 20; n++) {
            caller.send(portFrame("port-message", callerPort, n));
            called.send(portFrame("port-message", calledPort, 100 + n));
        }
        assertThat(received(called, 20))
                .as("on node B, from A")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(received(caller, 20))
                .as("on node A, from B")
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(101, 120).boxed().toList());

        assertThat(called.request(portFrame("port-close", calledPort, null))
                        .get("type")
                        .asText())
                .isEqualTo("ack");
        assertThat(caller.next(frame -> frame.contains("\"port-closed\""))
                        .get("port")
                        .asText())
                .isEqualTo(callerPort);
        JsonNode afterClose = caller.request(portFrame("port-message", callerPort, 0));
        assertThat(afterClose.get("code").asText()).as(afterClose.toString()).isEqualTo("unknown-port");
    }

    /** The one port the next message to {@code client} hands it. */
    private static String handedPort(ChannelClient client) throws Exception {
        JsonNode message = client.next(frame -> frame.contains("\"ports\""));
        assertThat(message.get("ports")).hasSize(1);
        return message.get("ports").get(0).asText();
    }

    /** The {@code n} of the next {@code count} port messages. */
    private static List<Integer> received(ChannelClient client, int count) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(client.next(frame -> frame.contains("\"port-message\""))
                    .get("data")
                    .get("n")
                    .asInt());
        }
        return numbers;
    }

    /** A port frame, with {@code {"n": n}} as its data when given, and a ref. */
    private static String portFrame(String type, String port, Integer n) {
        return "{\"type\":\"" + type + "\",\"port\":\"" + port + "\"" + (n == null ? "" : ",\"data\":{\"n\":" + n + "}")
                + ",\"ref\":\"" + type + "-" + n + "\"}";
    }

    /** A client of {@code as}'s user (null: a new one) on {@code gateway}, once the bundle's version controls it. */
    private static ChannelClient controlled(ServiceProcess gateway, ChannelClient as, String page) throws Exception {
        ChannelClient client = ChannelClient.connect(fixture.http(gateway, "/"), as, SCOPE + page);
        try {
            awaitControlled(client);
        } catch (AssertionError e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static void awaitControlled(ChannelClient client) {
        IMap<String, ClientRecord> registry =
                SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
        try {
            MultiNodeFixture.await(
                    "the bundle's version controlling " + client.clientId(),
                    () -> registry.get(client.clientId()),
                    record -> record != null && version.equals(record.controller()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Posts {@code {"peek": id}} to the worker and reads its answer. */
    private static JsonNode ask(ChannelClient device, String peek) throws Exception {
        device.send(Frames.message(Map.of("peek", peek)));
        return device.next(frame -> Frames.type(frame).equals("message")).get("data");
    }
}
