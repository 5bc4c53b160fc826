package dev.switchboard.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A node taken for dead while it lives (its liveness entry expired: a long pause, a starved machine) has its
 * clients swept from the registry by the others; at its next heartbeat it finds its entry gone and records every
 * client it holds again, so the cluster can find them.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class NodeLivenessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
    }

    @Test
    void aNodeThatWasTakenForDeadRecordsItsClientsAgain() throws Exception {
        IMap<String, Long> nodes = SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.GATEWAY_NODES);
        IMap<String, ClientRecord> clients =
                SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
        URI ws = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
        try (TestWebSocket socket = TestWebSocket.connect(ws)) {
            JsonNode welcome = JSON.readTree(socket.frames().next(WAIT));
            String clientId = welcome.get("clientId").asText();
            String nodeId = welcome.get("node").asText();
            await().atMost(WAIT).until(() -> clients.containsKey(clientId));

            // What the other nodes do once this node's entry expired: it is gone, and so are its clients.
            nodes.delete(nodeId);
            clients.delete(clientId);

            await().atMost(WAIT).until(() -> clients.containsKey(clientId));
            assertThat(clients.get(clientId).nodeId()).isEqualTo(nodeId);
            assertThat(nodes.containsKey(nodeId)).isTrue();
            assertThat(socket.closeCode()).as("the client was never disturbed").isNotDone();
        }
    }
}
