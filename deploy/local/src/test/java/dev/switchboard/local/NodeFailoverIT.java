package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.EmbeddedHazelcast;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * Losing a gateway node: its clients resume on another node with nothing lost and nothing twice, its registry
 * entries disappear (no ghosts); and a node that is stopped (not killed) sends its clients elsewhere first.
 */
class NodeFailoverIT {

    private static final Logger LOG = Logger.getLogger(NodeFailoverIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MESSAGES = 40;

    private final MultiNodeFixture suite = MultiNodeFixture.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aClientOfANodeThatDiesResumesOnAnotherWithNothingLostOrRepeated() throws Exception {
        ServiceProcess doomed = suite.startExtraGateway("gateway-doomed");
        Map<Integer, Integer> repliesBySeq = new HashMap<>();
        String clientId;
        String lastSeen = null;
        String ghostId;
        Map<String, String> proof;
        try (TestEventSource stream = TestEventSource.open(suite.http(doomed, "/sse"));
                TestWebSocket bystander = TestWebSocket.connect(suite.ws(doomed, "/ws"))) {
            JsonNode first = Frames.parse(stream.events().next(WAIT).data());
            clientId = first.get("clientId").asText();
            proof = Frames.proof(first);
            ghostId =
                    Frames.parse(bystander.frames().next(WAIT)).get("clientId").asText();
            for (int seq = 0; seq < MESSAGES / 2; seq++) {
                post(suite.gatewayB, clientId, seq, proof);
            }
            // At least one reply before the death (a cold worker may not have answered any yet), the rest in flight.
            TestEventSource.Event firstReply =
                    stream.events().nextMatching(event -> event.type().equals("message"), WAIT);
            count(repliesBySeq, firstReply);
            lastSeen = firstReply.id();
            doomed.kill();
            for (TestEventSource.Event event : stream.events().drain()) {
                if (event.type().equals("message")) {
                    count(repliesBySeq, event);
                    lastSeen = event.id();
                }
            }
        }
        int beforeDeath = repliesBySeq.size();
        assertThat(lastSeen)
                .as("at least one reply arrived before the node died")
                .isNotNull();

        Map<String, String> resuming = new HashMap<>(proof);
        resuming.put("Last-Event-ID", lastSeen);
        try (TestEventSource resumed = TestEventSource.open(suite.http(suite.gatewayB, "/sse"), resuming)) {
            JsonNode welcome = Frames.parse(resumed.events().next(WAIT).data());
            assertThat(welcome.get("clientId").asText()).isEqualTo(clientId);
            assertThat(welcome.get("node").asText()).isEqualTo("gateway-b");
            assertThat(SharedInfrastructure.hazelcast()
                            .member(0)
                            .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                            .get(clientId)
                            .nodeId())
                    .as("the resumed client's entry names its new node")
                    .isEqualTo("gateway-b");
            for (int seq = MESSAGES / 2; seq < MESSAGES; seq++) {
                post(suite.gatewayA, clientId, seq, proof);
            }
            while (repliesBySeq.values().stream().mapToInt(Integer::intValue).sum() < MESSAGES) {
                TestEventSource.Event event = resumed.events().next(WAIT);
                assertThat(event.type())
                        .as("no reset: everything missed is replayed")
                        .isEqualTo("message");
                count(repliesBySeq, event);
            }
            assertThat(resumed.events().drain())
                    .as("nothing after the last reply")
                    .isEmpty();
        }
        LOG.infof(
                "node death: %d replies before it, %d after resuming on another node",
                beforeDeath, MESSAGES - beforeDeath);
        assertThat(repliesBySeq.keySet())
                .as("none lost")
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, MESSAGES).boxed().toList());
        assertThat(repliesBySeq.values()).as("none twice").allMatch(count -> count == 1);

        IMap<String, ClientRecord> registry =
                SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (registry.containsKey(ghostId) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(registry.containsKey(ghostId))
                .as("the dead node's other client is swept from the registry")
                .isFalse();
    }

    @Test
    void aStoppingNodeSendsItsClientsElsewhereAndLeavesNoEntries() throws Exception {
        ServiceProcess stopping = suite.startExtraGateway("gateway-stopping");
        try (TestWebSocket socket = TestWebSocket.connect(suite.ws(stopping, "/ws"));
                TestEventSource stream = TestEventSource.open(suite.http(stopping, "/sse"))) {
            String socketClient =
                    Frames.parse(socket.frames().next(WAIT)).get("clientId").asText();
            String streamClient = Frames.parse(stream.events().next(WAIT).data())
                    .get("clientId")
                    .asText();

            stopping.stop();

            assertThat(socket.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(1001);
            TestEventSource.Event close =
                    stream.events().nextMatching(e -> e.type().equals("close"), WAIT);
            assertThat(Frames.parse(close.data()).get("code").asInt()).isEqualTo(1001);
            IMap<String, ClientRecord> registry =
                    SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
            assertThat(registry.containsKey(socketClient)).isFalse();
            assertThat(registry.containsKey(streamClient)).isFalse();
        }
    }

    /**
     * A node whose Hazelcast members went away before it was told to stop (a cluster torn down out of order)
     * still drains its clients and exits within its grace period, rather than spending it reconnecting.
     */
    @Test
    void aNodeThatLostTheClusterStillStopsWithinItsGrace() throws Exception {
        EmbeddedHazelcast cluster = EmbeddedHazelcast.start("switchboard-lost-" + UUID.randomUUID(), 1);
        ServiceProcess orphan;
        try {
            orphan = suite.startExtraGateway(
                    "gateway-orphan",
                    Map.of(
                            "switchboard.hazelcast.cluster-name", cluster.clusterName(),
                            "switchboard.hazelcast.members", cluster.membersProperty()));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        try (TestWebSocket socket = TestWebSocket.connect(suite.ws(orphan, "/ws"));
                TestWebSocket other = TestWebSocket.connect(suite.ws(orphan, "/ws"))) {
            socket.frames().next(WAIT);
            other.frames().next(WAIT);
            cluster.close();

            assertThat(orphan.stop())
                    .as("stopped by itself within its grace, not killed")
                    .isTrue();
            assertThat(socket.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(1001);
            assertThat(other.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(1001);
        } finally {
            orphan.kill();
        }
    }

    private void post(ServiceProcess gateway, String clientId, int seq, Map<String, String> proof) throws Exception {
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(suite.http(gateway, "/clients/" + clientId + "/messages"))
                        .timeout(WAIT)
                        .header("Content-Type", "application/json")
                        .header("Authorization", proof.get("Authorization"))
                        .POST(HttpRequest.BodyPublishers.ofString(Frames.message(Map.of("seq", seq))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as("message %d accepted", seq).isEqualTo(202);
    }

    private static void count(Map<Integer, Integer> repliesBySeq, TestEventSource.Event event) {
        int seq = Frames.parse(event.data()).get("data").get("echo").get("seq").asInt();
        repliesBySeq.merge(seq, 1, Integer::sum);
    }
}
