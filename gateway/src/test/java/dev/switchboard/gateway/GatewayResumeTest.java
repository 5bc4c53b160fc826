package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Resume: a client that comes back with the id of the last message it saw gets every delivery it missed, in
 * order, none twice, then the live ones; what cannot be replayed is announced with a {@code reset} frame.
 * The test plays the worker, writing deliveries to Kafka while the client is away.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class GatewayResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    private TestTopic deliveries;

    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
        deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
    }

    @AfterEach
    void close() {
        deliveries.close();
    }

    @Test
    void anEventStreamResumesFromLastEventIdWithEveryMissedMessageInOrderAndNoneTwice() throws Exception {
        String clientId;
        String lastSeen;
        Map<String, String> proof;
        try (TestEventSource first = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = JSON.readTree(first.events().next(WAIT).data());
            clientId = welcome.get("clientId").asText();
            proof = proof(welcome);
            deliver(clientId, 1, 2);
            assertThat(number(first.events().next(WAIT))).isEqualTo(1);
            TestEventSource.Event second = first.events().next(WAIT);
            assertThat(number(second)).isEqualTo(2);
            lastSeen = second.id();
        }
        awaitGone(clientId);
        deliver(clientId, 3, 4, 5);

        try (TestEventSource again =
                TestEventSource.open(base.resolve("/sse"), with(proof, "Last-Event-ID", lastSeen))) {
            JsonNode welcome = JSON.readTree(again.events().next(WAIT).data());
            assertThat(welcome.get("clientId").asText()).as("the same client").isEqualTo(clientId);
            assertThat(welcome.has("anonymousToken"))
                    .as("it keeps the token it has")
                    .isFalse();
            assertThat(welcome.get("resumed").asBoolean()).isTrue();
            deliver(clientId, 6);
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                received.add(number(again.events().next(WAIT)));
            }
            assertThat(received).containsExactly(3, 4, 5, 6);
            deliver(clientId, 7);
            assertThat(number(again.events().next(WAIT)))
                    .as("nothing repeated before the next live one")
                    .isEqualTo(7);
        }
    }

    /** A WebSocket client that got one message and left: what it needs to resume. */
    private record Left(String clientId, String lastSeen, Map<String, String> proof) {}

    private Left connectReceiveOneAndLeave() throws Exception {
        try (TestWebSocket first = TestWebSocket.connect(ws("/ws"))) {
            JsonNode welcome = JSON.readTree(first.frames().next(WAIT));
            String clientId = welcome.get("clientId").asText();
            deliver(clientId, 1);
            Left left = new Left(
                    clientId, JSON.readTree(first.frames().next(WAIT)).get("id").asText(), proof(welcome));
            first.close();
            awaitGone(clientId);
            return left;
        }
    }

    @Test
    void aWebSocketResumesWithTheLastEventIdQueryParameter() throws Exception {
        Left left = connectReceiveOneAndLeave();
        String clientId = left.clientId();
        deliver(clientId, 2, 3);
        try (TestWebSocket again = TestWebSocket.connect(ws("/ws?lastEventId=" + left.lastSeen()), left.proof())) {
            JsonNode welcome = JSON.readTree(again.frames().next(WAIT));
            assertThat(welcome.get("clientId").asText()).isEqualTo(clientId);
            assertThat(JSON.readTree(again.frames().next(WAIT))
                            .get("data")
                            .get("n")
                            .asInt())
                    .isEqualTo(2);
            assertThat(JSON.readTree(again.frames().next(WAIT))
                            .get("data")
                            .get("n")
                            .asInt())
                    .isEqualTo(3);
        }
    }

    @Test
    void aClientResumedBeforeItsOldEntryIsGoneKeepsItsController() throws Exception {
        try (TestWebSocket first = TestWebSocket.connect(ws("/ws"))) {
            JsonNode welcome = JSON.readTree(first.frames().next(WAIT));
            String clientId = welcome.get("clientId").asText();
            deliver(clientId, 1);
            String lastSeen = JSON.readTree(first.frames().next(WAIT)).get("id").asText();
            // worker-service sets the controller; the resumed connection (as on another node) must not erase it.
            IMap<String, ClientRecord> clients =
                    SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
            ClientRecord record = clients.get(clientId);
            clients.set(
                    clientId,
                    new ClientRecord(
                            clientId,
                            record.nodeId(),
                            record.userId(),
                            record.transport(),
                            record.url(),
                            record.connectedAtEpochMillis(),
                            "v1"));
            try (TestWebSocket again = TestWebSocket.connect(ws("/ws?lastEventId=" + lastSeen), proof(welcome))) {
                assertThat(JSON.readTree(again.frames().next(WAIT))
                                .get("clientId")
                                .asText())
                        .isEqualTo(clientId);
                assertThat(clients.get(clientId).controller()).isEqualTo("v1");
            }
        }
    }

    @Test
    void anotherAnonymousClientCannotResumeOrPostAsThisOne() throws Exception {
        Left x = connectReceiveOneAndLeave();
        String clientId = x.clientId();
        String lastSeen = x.lastSeen();
        Map<String, String> proof = x.proof();
        try (TestWebSocket y = TestWebSocket.connect(ws("/ws"))) {
            JsonNode yWelcome = JSON.readTree(y.frames().next(WAIT));
            assertThat(yWelcome.get("anonymousToken").asText())
                    .isNotEqualTo(proof.get("Authorization").substring(7));
            for (Map<String, String> notX : List.of(Map.<String, String>of(), proof(yWelcome))) {
                try (TestWebSocket thief = TestWebSocket.connect(ws("/ws?lastEventId=" + lastSeen), notX)) {
                    JsonNode welcome = JSON.readTree(thief.frames().next(WAIT));
                    assertThat(welcome.get("clientId").asText())
                            .as("not X's stream")
                            .isNotEqualTo(clientId);
                    assertThat(JSON.readTree(thief.frames().next(WAIT))
                                    .get("type")
                                    .asText())
                            .isEqualTo("reset");
                }
            }
        }
        try (TestEventSource xAgain =
                        TestEventSource.open(base.resolve("/sse"), with(proof, "Last-Event-ID", lastSeen));
                TestEventSource y = TestEventSource.open(base.resolve("/sse"))) {
            assertThat(JSON.readTree(xAgain.events().next(WAIT).data())
                            .get("clientId")
                            .asText())
                    .isEqualTo(clientId);
            JsonNode yWelcome = JSON.readTree(y.events().next(WAIT).data());
            String messages = "/clients/" + clientId + "/messages";
            assertThat(post(messages, proof(yWelcome)).statusCode())
                    .as("Y posting as X")
                    .isEqualTo(403);
            assertThat(post(messages, Map.of()).statusCode())
                    .as("posting as X without a token")
                    .isEqualTo(401);
            assertThat(post(messages, proof).statusCode()).as("X itself").isEqualTo(202);
        }
    }

    @Test
    void anAnonymousUsersTokenCookieIsEnoughToResumeAsABrowsersEventSourceDoes() throws Exception {
        String clientId;
        String lastSeen = null;
        String cookie;
        // HttpURLConnection hands out the headers while the stream is still open.
        HttpURLConnection first =
                (HttpURLConnection) base.resolve("/sse").toURL().openConnection();
        try {
            first.setReadTimeout((int) WAIT.toMillis());
            assertThat(first.getResponseCode()).isEqualTo(200);
            String setCookie = first.getHeaderField("Set-Cookie");
            assertThat(setCookie)
                    .startsWith("switchboard_token=sb-anon-")
                    .containsIgnoringCase("HttpOnly")
                    .contains("SameSite=Strict", "Path=/");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
            BufferedReader lines =
                    new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            while (!line.startsWith("data: ")) {
                line = lines.readLine();
            }
            clientId = JSON.readTree(line.substring(6)).get("clientId").asText();
            deliver(clientId, 1);
            while (lastSeen == null) {
                line = lines.readLine();
                if (line.startsWith("id: ")) {
                    lastSeen = line.substring(4);
                }
            }
        } finally {
            first.disconnect();
        }
        awaitGone(clientId);
        try (TestEventSource again =
                TestEventSource.open(base.resolve("/sse"), Map.of("Cookie", cookie, "Last-Event-ID", lastSeen))) {
            JsonNode welcome = JSON.readTree(again.events().next(WAIT).data());
            assertThat(welcome.get("clientId").asText())
                    .as("the cookie alone proves the user")
                    .isEqualTo(clientId);
            assertThat(welcome.get("resumed").asBoolean()).isTrue();
            assertThat(welcome.has("anonymousToken"))
                    .as("no new anonymous user")
                    .isFalse();
        }
    }

    @Test
    void anUnusablePositionStartsANewClientWithAReset() throws Exception {
        try (TestEventSource stream =
                TestEventSource.open(base.resolve("/sse"), Map.of("Last-Event-ID", "no-such-client:12"))) {
            JsonNode welcome = JSON.readTree(stream.events().next(WAIT).data());
            assertThat(welcome.get("resumed").asBoolean()).isFalse();
            assertThat(welcome.get("clientId").asText()).isNotEqualTo("no-such-client");
            TestEventSource.Event reset = stream.events().next(WAIT);
            assertThat(reset.type()).isEqualTo("reset");
            assertThat(JSON.readTree(reset.data()).get("reason").asText()).isNotBlank();
        }
    }

    @Test
    void missingMoreThanTheLimitGivesAResetThenLiveMessages() throws Exception {
        String clientId;
        String lastSeen;
        Map<String, String> proof;
        try (TestEventSource first = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = JSON.readTree(first.events().next(WAIT).data());
            clientId = welcome.get("clientId").asText();
            proof = proof(welcome);
            deliver(clientId, 0);
            lastSeen = first.events().next(WAIT).id();
        }
        awaitGone(clientId);
        deliver(clientId, IntStream.rangeClosed(1, 25).toArray());
        try (TestEventSource again =
                TestEventSource.open(base.resolve("/sse"), with(proof, "Last-Event-ID", lastSeen))) {
            again.events().next(WAIT);
            TestEventSource.Event reset = again.events().next(WAIT);
            assertThat(reset.type()).isEqualTo("reset");
            assertThat(JSON.readTree(reset.data()).get("reason").asText()).contains("20");
            deliver(clientId, 99);
            assertThat(number(again.events().nextMatching(e -> e.type().equals("message"), WAIT)))
                    .isEqualTo(99);
        }
    }

    /** What proves, on a reconnect, to be the anonymous user a welcome frame created. */
    private static Map<String, String> proof(JsonNode welcome) {
        return Map.of("Authorization", "Bearer " + welcome.get("anonymousToken").asText());
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\",\"data\":1}"));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void deliver(String clientId, int... numbers) {
        for (int n : numbers) {
            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"),
                    clientId,
                    null,
                    ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static int number(TestEventSource.Event event) throws Exception {
        assertThat(event.type()).isEqualTo("message");
        return JSON.readTree(event.data()).get("data").get("n").asInt();
    }

    private static void awaitGone(String clientId) {
        await().atMost(WAIT).until(() -> !SharedInfrastructure.hazelcast()
                .member(0)
                .getMap(HazelcastNames.CLIENTS)
                .containsKey(clientId));
    }

    private URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }
}
