package dev.switchboard.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.JwtProfile;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.RawWebSocket;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The per-node caps and rates trip with clear answers while other clients keep being served: connections per
 * address and per user (429 {@code too-many-connections} before any upgrade), and messages per connection (an
 * {@code error} frame {@code rate-limited}, then close 4029) or per posting client (429).
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
@WithTestResource(SharedInfrastructureResource.class)
class LimitsTest {

    static final int PER_ADDRESS = 6;
    static final int PER_USER = 2;
    static final int BURST = 5;
    static final int EXCESS = 3;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** JWT and anonymous clients both, small caps, a slow message rate. */
    public static class SmallLimits extends JwtProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("switchboard.gateway.security.anonymous", "true");
            overrides.put("switchboard.gateway.limits.max-connections-per-ip", String.valueOf(PER_ADDRESS));
            overrides.put("switchboard.gateway.limits.max-connections-per-user", String.valueOf(PER_USER));
            overrides.put("switchboard.gateway.limits.messages-per-second", "1");
            overrides.put("switchboard.gateway.limits.message-burst", String.valueOf(BURST));
            overrides.put("switchboard.gateway.limits.max-excess-messages", String.valueOf(EXCESS));
            overrides.put("switchboard.gateway.resume.max-age", "PT4S");
            overrides.put("switchboard.gateway.node-heartbeat-interval", "PT1S");
            overrides.put("switchboard.gateway.node-expiry", "PT4S");
            return overrides;
        }
    }

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    MeterRegistry meters;

    /** No connection of an earlier test is still counted. */
    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
        await().atMost(WAIT).until(() -> connections("websocket") == 0 && connections("sse") == 0);
    }

    /** The node's connections of {@code transport} (the gauge appears with the first connection). */
    private double connections(String transport) {
        Gauge gauge = meters.find("switchboard.gateway.connections")
                .tag("transport", transport)
                .gauge();
        return gauge == null ? 0 : gauge.value();
    }

    @Test
    void aUserPastItsConnectionCapIsRefusedWhileOthersConnect() throws Exception {
        try (TestWebSocket first = TestWebSocket.connect(ws(), bearer("ida"));
                TestEventSource second = TestEventSource.open(base.resolve("/sse"), bearer("ida"))) {
            first.frames().next(WAIT);
            second.events().next(WAIT);
            try (RawWebSocket third = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", bearer("ida"))) {
                assertThat(third.status()).isEqualTo(429);
            }
            HttpResponse<String> thirdStream = http.send(
                    HttpRequest.newBuilder(base.resolve("/sse"))
                            .header("Authorization", bearer("ida").get("Authorization"))
                            .timeout(WAIT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(thirdStream.statusCode()).isEqualTo(429);
            assertThat(ProblemBodies.typeOf(thirdStream)).isEqualTo(ProblemType.TOO_MANY_CONNECTIONS);
            try (TestWebSocket other = TestWebSocket.connect(ws(), bearer("jack"))) {
                assertThat(JSON.readTree(other.frames().next(WAIT)).get("type").asText())
                        .isEqualTo("welcome");
            }
            first.send("{\"type\":\"message\",\"ref\":\"a\",\"data\":1}");
            assertThat(JSON.readTree(first.frames().next(WAIT)).get("type").asText())
                    .as("still served")
                    .isEqualTo("ack");
        }
        // Their connections are given back when they end.
        awaitAccepted(bearer("ida"));
    }

    @Test
    void anAddressPastItsConnectionCapIsRefusedUntilOneOfItsConnectionsEnds() throws Exception {
        List<TestWebSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                TestWebSocket anonymous = TestWebSocket.connect(ws());
                open.add(anonymous);
                anonymous.frames().next(WAIT);
            }
            try (RawWebSocket refused = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of())) {
                assertThat(refused.status())
                        .as("each anonymous client is a user of its own: the address cap binds")
                        .isEqualTo(429);
            }
            open.get(0).send("{\"type\":\"message\",\"ref\":\"a\",\"data\":1}");
            assertThat(JSON.readTree(open.get(0).frames().next(WAIT))
                            .get("type")
                            .asText())
                    .isEqualTo("ack");
            open.remove(0).close();
            awaitAccepted(Map.of());
        } finally {
            open.forEach(TestWebSocket::close);
        }
    }

    @Test
    void aConnectionOverItsMessageRateIsToldThenClosedWith4029WhileAnotherIsServed() throws Exception {
        try (TestWebSocket flooder = TestWebSocket.connect(ws());
                TestWebSocket polite = TestWebSocket.connect(ws())) {
            flooder.frames().next(WAIT);
            polite.frames().next(WAIT);
            for (int i = 0; i < BURST; i++) {
                flooder.send("{\"type\":\"message\",\"ref\":\"f" + i + "\",\"data\":" + i + "}");
            }
            for (int i = 0; i < BURST; i++) {
                assertThat(JSON.readTree(flooder.frames().next(WAIT))
                                .get("type")
                                .asText())
                        .as("the burst passes")
                        .isEqualTo("ack");
            }
            flooder.send("{\"type\":\"message\",\"ref\":\"over\",\"data\":0}");
            JsonNode refused = JSON.readTree(flooder.frames().next(WAIT));
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("rate-limited");
            assertThat(refused.get("message").asText()).contains("4029");
            // That one and EXCESS - 1 more are dropped; the next closes (the exact count: MessageRateTest).
            for (int i = 0; i < EXCESS; i++) {
                flooder.send("{\"type\":\"message\",\"data\":" + i + "}");
            }
            assertThat(flooder.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(4029);
            assertThat(flooder.frames().poll(Duration.ZERO))
                    .as("the dropped messages got no answer")
                    .isNull();

            polite.send("{\"type\":\"message\",\"ref\":\"p\",\"data\":1}");
            assertThat(JSON.readTree(polite.frames().next(WAIT)).get("type").asText())
                    .isEqualTo("ack");
            assertThat(polite.closeCode()).isNotDone();
        }
    }

    @Test
    void aClientPostingOverItsRateGets429() throws Exception {
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = JSON.readTree(stream.events().next(WAIT).data());
            String messages = "/clients/" + welcome.get("clientId").asText() + "/messages";
            String token = welcome.get("anonymousToken").asText();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < BURST + 3; i++) {
                statuses.add(http.send(
                                HttpRequest.newBuilder(base.resolve(messages))
                                        .timeout(WAIT)
                                        .header("Authorization", "Bearer " + token)
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\",\"data\":1}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
            }
            assertThat(statuses.subList(0, BURST)).as("the burst passes").containsOnly(202);
            assertThat(statuses.subList(BURST, statuses.size())).contains(429);
            assertThat(stream.events().poll(Duration.ofMillis(100)))
                    .as("the stream is not ended")
                    .isNull();
        }
    }

    @Test
    void aClientConnectedLongerThanTheResumeWindowCanStillResume() throws Exception {
        String clientId;
        String lastSeen;
        Map<String, String> proof;
        try (TestWebSocket socket = TestWebSocket.connect(ws());
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            JsonNode welcome = JSON.readTree(socket.frames().next(WAIT));
            clientId = welcome.get("clientId").asText();
            proof = Map.of(
                    "Authorization", "Bearer " + welcome.get("anonymousToken").asText());
            Thread.sleep(6000); // longer than resume.max-age (4 s) while connected
            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, null, "\"late\"".getBytes(StandardCharsets.UTF_8)));
            lastSeen = JSON.readTree(socket.frames().next(WAIT)).get("id").asText();
        }
        try (TestWebSocket again = TestWebSocket.connect(URI.create(ws() + "?lastEventId=" + lastSeen), proof)) {
            JsonNode welcome = JSON.readTree(again.frames().next(WAIT));
            assertThat(welcome.get("clientId").asText())
                    .as("its resume window was renewed while connected")
                    .isEqualTo(clientId);
            assertThat(welcome.get("resumed").asBoolean()).isTrue();
        }
    }

    /** A connection with {@code headers} is accepted again (the cap's count went down). */
    private void awaitAccepted(Map<String, String> headers) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (RawWebSocket probe = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", headers)) {
                if (probe.status() == 101) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the connection was never accepted again");
    }

    private static Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + TestTokens.user(user));
    }

    private URI ws() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
    }
}
