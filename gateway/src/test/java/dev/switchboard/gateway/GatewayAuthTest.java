package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
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
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.RawWebSocket;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestOrigin;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The gateway with anonymous mode off: who may connect and how the credential travels (header, cookie, single-use
 * ticket; never the query string), that every HTTP API refuses missing, invalid and another user's credentials,
 * that one user cannot read, resume, post for or fetch as another's client on any transport, that a connection ends
 * with its token unless refreshed in place, and that no credential reaches a log line.
 */
@QuarkusTest
@TestProfile(GatewayAuthTest.AuthProfile.class)
@WithTestResource(SharedInfrastructureResource.class)
class GatewayAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final TestOrigin UPSTREAM = new TestOrigin();
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler LOG_CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LOGGED.add(
                    record.getLoggerName() + " " + record.getMessage() + " " + Arrays.toString(record.getParameters())
                            + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** JWT only, fetch interception on (everything to one upstream), short tickets, our own code logging at DEBUG. */
    public static class AuthProfile extends JwtProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("switchboard.gateway.fetch.origin", "https://shop.test");
            overrides.put("switchboard.gateway.fetch.default-upstream", UPSTREAM.origin());
            overrides.put("switchboard.gateway.security.ticket-ttl", "PT2S");
            overrides.put("quarkus.log.category.\"dev.switchboard\".level", "DEBUG");
            return overrides;
        }
    }

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void waitUntilReady() {
        Readiness.await(base, WAIT);
        // Again for every test: Quarkus sets the root logger's handlers up when it starts.
        Logger.getLogger("").removeHandler(LOG_CAPTURE);
        Logger.getLogger("").addHandler(LOG_CAPTURE);
    }

    @AfterAll
    static void stopUpstream() {
        Logger.getLogger("").removeHandler(LOG_CAPTURE);
        UPSTREAM.close();
    }

    @Test
    void everyKindOfBadTokenIsRefusedOnBothTransports() throws Exception {
        for (Map.Entry<String, String> bad : badTokens().entrySet()) {
            Map<String, String> headers =
                    bad.getValue().isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + bad.getValue());
            try (RawWebSocket socket = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", headers)) {
                assertThat(socket.status())
                        .as("WebSocket upgrade with %s token", bad.getKey())
                        .isEqualTo(401);
            }
            HttpRequest.Builder stream =
                    HttpRequest.newBuilder(base.resolve("/sse")).timeout(WAIT);
            headers.forEach(stream::header);
            HttpResponse<String> refused = http.send(stream.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode())
                    .as("event stream with %s token", bad.getKey())
                    .isEqualTo(401);
            assertThat(ProblemBodies.typeOf(refused)).isEqualTo(ProblemType.UNAUTHORIZED);
        }
    }

    @Test
    void everyHttpApiRefusesMissingAndInvalidCredentialsAndAnotherUsersAndAcceptsTheRightOnes() throws Exception {
        try (TestEventSource alice = TestEventSource.open(base.resolve("/sse"), bearer("alice"))) {
            String aliceClient =
                    clientId(JSON.readTree(alice.events().next(WAIT).data()));
            String messages = "/clients/" + aliceClient + "/messages";
            String message = "{\"type\":\"message\",\"data\":1}";
            for (Map.Entry<String, String> bad : badTokens().entrySet()) {
                assertThat(post(messages, message, bad.getValue()).statusCode())
                        .as("POST with %s token", bad.getKey())
                        .isEqualTo(401);
                assertThat(post("/tickets", "", bad.getValue()).statusCode())
                        .as("ticket with %s token", bad.getKey())
                        .isEqualTo(401);
                assertThat(fetch("/app/page", aliceClient, bad.getValue()).statusCode())
                        .as("fetch with %s token", bad.getKey())
                        .isEqualTo(401);
            }
            HttpResponse<String> asBob = post(messages, message, TestTokens.user("bob"));
            assertThat(asBob.statusCode()).isEqualTo(403);
            assertThat(ProblemBodies.typeOf(asBob)).isEqualTo(ProblemType.FORBIDDEN);
            assertThat(fetch("/app/page", aliceClient, TestTokens.user("bob")).statusCode())
                    .as("bob fetching as alice's client")
                    .isEqualTo(403);

            assertThat(post(messages, message, TestTokens.user("alice")).statusCode())
                    .isEqualTo(202);
            assertThat(post("/tickets", "", TestTokens.user("alice")).statusCode())
                    .isEqualTo(201);
            HttpResponse<String> ownFetch = fetch("/app/page", aliceClient, TestTokens.user("alice"));
            assertThat(ownFetch.statusCode()).isEqualTo(200);
            assertThat(ownFetch.body()).startsWith("/app/page #");
            assertThat(fetch("/app/page", null, TestTokens.user("bob")).statusCode())
                    .as("a request that names no client needs only a valid credential")
                    .isEqualTo(200);
        }
    }

    @Test
    void aValidTokenIsTakenFromTheHeaderACookieOrATicketAndNamesTheUserButNeverFromTheQuery() throws Exception {
        try (TestWebSocket byHeader = TestWebSocket.connect(ws("/ws"), bearer("alice"));
                TestWebSocket byCookie = TestWebSocket.connect(
                        ws("/ws"), Map.of("Cookie", "switchboard_token=" + TestTokens.user("bob")));
                TestEventSource byTicket =
                        TestEventSource.open(base.resolve("/sse?ticket=" + ticket(TestTokens.user("carol"))))) {
            assertThat(user(JSON.readTree(byHeader.frames().next(WAIT)))).isEqualTo("alice");
            assertThat(user(JSON.readTree(byCookie.frames().next(WAIT)))).isEqualTo("bob");
            assertThat(user(JSON.readTree(byTicket.events().next(WAIT).data()))).isEqualTo("carol");
        }
        HttpResponse<String> inQuery = http.send(
                HttpRequest.newBuilder(base.resolve("/sse?access_token=" + TestTokens.user("carol")))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ProblemBodies.typeOf(inQuery)).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(JSON.readTree(inQuery.body()).get("detail").asText()).contains("ticket");
    }

    @Test
    void aTicketWorksOnceAndExpires() throws Exception {
        String ticket = ticket(TestTokens.user("dora"));
        try (TestWebSocket first = TestWebSocket.connect(ws("/ws?ticket=" + ticket))) {
            assertThat(user(JSON.readTree(first.frames().next(WAIT)))).isEqualTo("dora");
            try (RawWebSocket again =
                    RawWebSocket.connect(base.getHost(), base.getPort(), "/ws?ticket=" + ticket, Map.of())) {
                assertThat(again.status()).as("a ticket is single-use").isEqualTo(401);
            }
        }
        String unused = ticket(TestTokens.user("dora"));
        Thread.sleep(3000); // past security.ticket-ttl
        HttpResponse<String> late = http.send(
                HttpRequest.newBuilder(base.resolve("/sse?ticket=" + unused))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ProblemBodies.typeOf(late))
                .as("a ticket expires with security.ticket-ttl")
                .isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(JSON.readTree(late.body()).get("detail").asText()).contains("ticket");
        HttpResponse<String> forTicket = post("/tickets", "", null);
        assertThat(forTicket.statusCode()).as("a ticket needs a credential").isEqualTo(401);
    }

    @Test
    void aDeliveryToAUserReachesAllOfTheirDevicesAndNoOneElse() throws Exception {
        try (TestWebSocket alicePhone = TestWebSocket.connect(ws("/ws"), bearer("alice"));
                TestEventSource aliceLaptop = TestEventSource.open(base.resolve("/sse"), bearer("alice"));
                TestWebSocket bob = TestWebSocket.connect(ws("/ws"), bearer("bob"));
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            alicePhone.frames().next(WAIT);
            aliceLaptop.events().next(WAIT);
            String bobId =
                    JSON.readTree(bob.frames().next(WAIT)).get("clientId").asText();

            deliveries.send(SwitchboardEvents.userDelivery(
                    ServiceSources.of("test", "t"),
                    "alice",
                    "{\"cart\":[\"apple\"]}".getBytes(StandardCharsets.UTF_8)));
            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), bobId, null, "\"only for bob\"".getBytes(StandardCharsets.UTF_8)));

            assertThat(JSON.readTree(alicePhone.frames().next(WAIT))
                            .get("data")
                            .get("cart")
                            .get(0)
                            .asText())
                    .isEqualTo("apple");
            assertThat(JSON.readTree(aliceLaptop.events().next(WAIT).data())
                            .get("data")
                            .get("cart")
                            .get(0)
                            .asText())
                    .isEqualTo("apple");
            assertThat(JSON.readTree(bob.frames().next(WAIT)).get("data").asText())
                    .as("bob's first message is his own, not alice's cart")
                    .isEqualTo("only for bob");
        }
    }

    @Test
    void aUserCannotResumeAnotherUsersStreamOnEitherTransport() throws Exception {
        try (TestTopic deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            String bobClient;
            String bobPosition;
            try (TestWebSocket bob = TestWebSocket.connect(ws("/ws"), bearer("bob"))) {
                bobClient = clientId(JSON.readTree(bob.frames().next(WAIT)));
                deliveries.send(SwitchboardEvents.clientDelivery(
                        ServiceSources.of("test", "t"),
                        bobClient,
                        null,
                        "\"bob's secret\"".getBytes(StandardCharsets.UTF_8)));
                bobPosition = JSON.readTree(bob.frames().next(WAIT)).get("id").asText();
            }
            try (TestWebSocket alice = TestWebSocket.connect(ws("/ws?lastEventId=" + bobPosition), bearer("alice"))) {
                JsonNode welcome = JSON.readTree(alice.frames().next(WAIT));
                assertThat(clientId(welcome)).isNotEqualTo(bobClient);
                assertThat(welcome.get("resumed").asBoolean()).isFalse();
                assertThat(JSON.readTree(alice.frames().next(WAIT)).get("type").asText())
                        .isEqualTo("reset");
            }
            Map<String, String> aliceResumingBob = new HashMap<>(bearer("alice"));
            aliceResumingBob.put("Last-Event-ID", bobPosition);
            try (TestEventSource alice = TestEventSource.open(base.resolve("/sse"), aliceResumingBob)) {
                assertThat(clientId(JSON.readTree(alice.events().next(WAIT).data())))
                        .isNotEqualTo(bobClient);
                assertThat(alice.events().next(WAIT).type())
                        .as("nothing of bob's is replayed")
                        .isEqualTo("reset");
            }
            try (TestWebSocket bobAgain = TestWebSocket.connect(ws("/ws?lastEventId=" + bobPosition), bearer("bob"))) {
                assertThat(clientId(JSON.readTree(bobAgain.frames().next(WAIT))))
                        .as("bob himself may")
                        .isEqualTo(bobClient);
            }
        }
    }

    @Test
    void aSocketIsClosedWith4001WhenItsTokenExpires() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(
                        ws("/ws"),
                        Map.of("Authorization", "Bearer " + TestTokens.user("erin", Duration.ofSeconds(3))));
                TestEventSource stream = TestEventSource.open(
                        base.resolve("/sse"),
                        Map.of("Authorization", "Bearer " + TestTokens.user("erin", Duration.ofSeconds(3))))) {
            socket.frames().next(WAIT);
            stream.events().next(WAIT);
            assertThat(socket.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(4001);
            TestEventSource.Event close =
                    stream.events().nextMatching(event -> event.type().equals("close"), WAIT);
            assertThat(JSON.readTree(close.data()).get("code").asInt()).isEqualTo(4001);
        }
    }

    @Test
    void aRefreshedTokenKeepsTheConnectionOpenPastTheOldExpiry() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(
                ws("/ws"), Map.of("Authorization", "Bearer " + TestTokens.user("frank", Duration.ofSeconds(4))))) {
            socket.frames().next(WAIT);
            socket.send("{\"type\":\"refresh\",\"ref\":\"x1\",\"token\":\"" + TestTokens.user("mallory") + "\"}");
            JsonNode foreign = JSON.readTree(socket.frames().next(WAIT));
            assertThat(foreign.get("code").asText()).as("another user's token").isEqualTo("forbidden");
            socket.send("{\"type\":\"refresh\",\"ref\":\"x2\",\"token\":\"" + TestTokens.expired("frank") + "\"}");
            assertThat(JSON.readTree(socket.frames().next(WAIT)).get("code").asText())
                    .isEqualTo("unauthorized");

            socket.send("{\"type\":\"refresh\",\"ref\":\"r1\",\"token\":\"" + TestTokens.user("frank") + "\"}");
            JsonNode refreshed = JSON.readTree(socket.frames().next(WAIT));
            assertThat(refreshed.get("type").asText()).isEqualTo("refreshed");
            assertThat(refreshed.get("ref").asText()).isEqualTo("r1");
            assertThat(refreshed.get("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis() / 1000 + 200);

            Thread.sleep(6000); // past the first token's expiry and several expiry checks
            assertThat(socket.closeCode()).as("still open").isNotDone();
            socket.send("{\"type\":\"message\",\"ref\":\"m1\",\"data\":\"still here\"}");
            assertThat(JSON.readTree(socket.frames().next(WAIT)).get("type").asText())
                    .isEqualTo("ack");
        }
    }

    @Test
    void anEventStreamRefreshesByPost() throws Exception {
        String shortToken = TestTokens.user("gina", Duration.ofSeconds(4));
        try (TestEventSource stream =
                TestEventSource.open(base.resolve("/sse"), Map.of("Authorization", "Bearer " + shortToken))) {
            String clientId = clientId(JSON.readTree(stream.events().next(WAIT).data()));
            String longToken = TestTokens.user("gina");
            HttpResponse<String> refreshed = post(
                    "/clients/" + clientId + "/messages",
                    "{\"type\":\"refresh\",\"ref\":\"r1\",\"token\":\"" + longToken + "\"}",
                    longToken);
            assertThat(refreshed.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(refreshed.body()).get("type").asText()).isEqualTo("refreshed");
            Thread.sleep(6000); // past the first token's expiry and several expiry checks
            assertThat(post("/clients/" + clientId + "/messages", "{\"type\":\"message\",\"data\":1}", longToken)
                            .statusCode())
                    .as("the client is still connected")
                    .isEqualTo(202);
            assertThat(stream.events().poll(Duration.ofMillis(200)))
                    .as("no close event")
                    .isNull();
        }
    }

    @Test
    void aRefreshPostedToANodeThatDoesNotHoldTheStreamReachesTheNodeThatDoes() throws Exception {
        IMap<String, Long> refreshes =
                SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.TOKEN_REFRESHES);
        // The posting side: a client held by another node gets its new expiry left in the cluster.
        String elsewhere = "c-elsewhere-" + System.nanoTime();
        SharedInfrastructure.hazelcast()
                .member(0)
                .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .set(
                        elsewhere,
                        new ClientRecord(elsewhere, "another-node", "ivy", "sse", "", System.currentTimeMillis(), ""));
        String ivyToken = TestTokens.user("ivy");
        HttpResponse<String> posted = post(
                "/clients/" + elsewhere + "/messages",
                "{\"type\":\"refresh\",\"token\":\"" + ivyToken + "\"}",
                ivyToken);
        assertThat(JSON.readTree(posted.body()).get("type").asText()).isEqualTo("refreshed");
        assertThat(refreshes.get(elsewhere)).isGreaterThan(System.currentTimeMillis() / 1000 + 200);

        // The holding side: at the old expiry the node finds the new one there and keeps the stream open.
        try (TestEventSource stream = TestEventSource.open(
                base.resolve("/sse"),
                Map.of("Authorization", "Bearer " + TestTokens.user("ivy", Duration.ofSeconds(3))))) {
            String held = clientId(JSON.readTree(stream.events().next(WAIT).data()));
            refreshes.set(held, System.currentTimeMillis() / 1000 + 300);
            Thread.sleep(5000); // past the first token's expiry and several expiry checks
            assertThat(stream.events().poll(Duration.ofMillis(200)))
                    .as("no close event")
                    .isNull();
            assertThat(post("/clients/" + held + "/messages", "{\"type\":\"message\",\"data\":1}", ivyToken)
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void noTokenOrTicketReachesALogLine() throws Exception {
        String token = TestTokens.user("harry");
        String ticket = ticket(token);
        String refused = TestTokens.untrusted("harry");
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws?ticket=" + ticket))) {
            socket.frames().next(WAIT);
            socket.send("{\"type\":\"refresh\",\"token\":\"" + refused + "\"}");
            socket.frames().next(WAIT);
        }
        assertThat(post("/tickets", "", refused).statusCode()).isEqualTo(401);
        assertThat(LOGGED).as("something was logged at all").isNotEmpty();
        for (String secret : List.of(token, ticket, refused, refused.split("\\.")[1], token.split("\\.")[2])) {
            assertThat(LOGGED).noneMatch(line -> line.contains(secret));
        }
    }

    /** Every token a service must refuse, plus none at all and an anonymous id outside anonymous mode. */
    private static Map<String, String> badTokens() {
        Map<String, String> bad = new HashMap<>(TestTokens.invalid());
        bad.put("missing", "");
        bad.put("anonymous outside anonymous mode", "sb-anon-" + "A".repeat(43));
        return bad;
    }

    private String ticket(String token) throws Exception {
        HttpResponse<String> issued = post("/tickets", "", token);
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(issued.body());
        assertThat(body.get("expiresIn").asInt()).isEqualTo(2);
        return body.get("ticket").asText();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> fetch(String path, String clientId, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
        if (clientId != null) {
            request.header("Switchboard-Client", clientId);
        }
        if (token != null && !token.isEmpty()) {
            request.header("Cookie", "switchboard_token=" + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String clientId(JsonNode welcome) {
        return welcome.get("clientId").asText();
    }

    private static String user(JsonNode welcome) {
        return SharedInfrastructure.hazelcast()
                .member(0)
                .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .get(welcome.get("clientId").asText())
                .userId();
    }

    private static Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + TestTokens.user(user));
    }

    private URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }
}
