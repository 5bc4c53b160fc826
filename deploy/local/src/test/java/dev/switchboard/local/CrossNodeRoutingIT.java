package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * Two gateway processes and one worker process on one broker and one Hazelcast cluster: every reply reaches
 * its client on whichever node holds it, and only that client.
 */
class CrossNodeRoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void eachWebSocketClientGetsItsOwnReplyOnItsOwnNode() {
        try (TestWebSocket onA = TestWebSocket.connect(suite.ws(suite.gatewayA, "/ws"));
                TestWebSocket onB = TestWebSocket.connect(suite.ws(suite.gatewayB, "/ws"))) {
            JsonNode welcomeA = Frames.parse(onA.frames().next(WAIT));
            JsonNode welcomeB = Frames.parse(onB.frames().next(WAIT));
            assertThat(welcomeA.get("node").asText()).isEqualTo("gateway-a");
            assertThat(welcomeB.get("node").asText()).isEqualTo("gateway-b");
            assertThat(registry(welcomeA.get("clientId").asText()).nodeId()).isEqualTo("gateway-a");
            assertThat(registry(welcomeB.get("clientId").asText()).nodeId()).isEqualTo("gateway-b");

            onA.send(Frames.message(Map.of("from", "a")));
            onB.send(Frames.message(Map.of("from", "b")));

            assertThat(reply(onA).get("data").get("echo").get("from").asText()).isEqualTo("a");
            assertThat(reply(onB).get("data").get("echo").get("from").asText()).isEqualTo("b");
            onA.send(Frames.message("fence"));
            onB.send(Frames.message("fence"));
            assertThat(reply(onA).get("data").get("echo").asText())
                    .as("no reply of B's reached A")
                    .isEqualTo("fence");
            assertThat(reply(onB).get("data").get("echo").asText())
                    .as("no reply of A's reached B")
                    .isEqualTo("fence");
        }
    }

    @Test
    void anSseClientStreamingFromOneNodePostsThroughTheOtherAndGetsTheReplyWhereItListens() throws Exception {
        try (TestEventSource stream = TestEventSource.open(suite.http(suite.gatewayB, "/sse"))) {
            JsonNode welcome = Frames.parse(stream.events().next(WAIT).data());
            assertThat(welcome.get("node").asText()).isEqualTo("gateway-b");
            String clientId = welcome.get("clientId").asText();

            HttpResponse<String> accepted = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(suite.http(suite.gatewayA, "/clients/" + clientId + "/messages"))
                                    .timeout(WAIT)
                                    .header("Content-Type", "application/json")
                                    .header(
                                            "Authorization",
                                            Frames.proof(welcome).get("Authorization"))
                                    .POST(HttpRequest.BodyPublishers.ofString(Frames.message("via a")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(202);
            String eventId = Frames.parse(accepted.body()).get("eventId").asText();

            TestEventSource.Event reply =
                    stream.events().nextMatching(event -> event.type().equals("message"), WAIT);
            JsonNode frame = Frames.parse(reply.data());
            assertThat(frame.get("inReplyTo").asText()).isEqualTo(eventId);
            assertThat(frame.get("data").get("echo").asText()).isEqualTo("via a");
            assertThat(reply.id()).isEqualTo(frame.get("id").asText());
        }
    }

    private static JsonNode reply(TestWebSocket socket) {
        return Frames.parse(
                socket.frames().nextMatching(frame -> Frames.type(frame).equals("message"), WAIT));
    }

    private static ClientRecord registry(String clientId) {
        return SharedInfrastructure.hazelcast()
                .member(0)
                .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .get(clientId);
    }
}
