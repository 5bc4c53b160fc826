package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.embedded.SharedInfrastructure;
import dev.switchboard.embedded.SharedInfrastructureResource;
import dev.switchboard.embedded.clients.Readiness;
import dev.switchboard.embedded.clients.RawWebSocket;
import dev.switchboard.embedded.clients.TestEventSource;
import dev.switchboard.embedded.clients.TestTopic;
import dev.switchboard.embedded.clients.TestWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The gateway with anonymous mode off: who may connect, how the token travels, and users' devices. */
@QuarkusTest
@TestProfile(JwtProfile.class)
@WithTestResource(SharedInfrastructureResource.class)
class GatewayAuthTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void waitUntilReady() {
        Readiness.await(base, WAIT);
    }

    @Test
    void everyKindOfBadTokenIsRefusedOnBothTransports() throws Exception {
        Map<String, String> badTokens = Map.of(
                "missing", "",
                "alg none", TestTokens.unsigned("mallory"),
                "wrong key", TestTokens.signedByAnotherKey("mallory"),
                "wrong issuer", TestTokens.fromAnotherIssuer("mallory"),
                "wrong audience", TestTokens.forAnotherAudience("mallory"),
                "expired", TestTokens.expired("mallory"),
                "garbage", "not.a.token");
        for (Map.Entry<String, String> bad : badTokens.entrySet()) {
            Map<String, String> headers = bad.getValue().isEmpty() ? Map.of()
                    : Map.of("Authorization", "Bearer " + bad.getValue());
            try (RawWebSocket socket = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", headers)) {
                assertThat(socket.status()).as("WebSocket upgrade with %s token", bad.getKey()).isEqualTo(401);
            }
            HttpRequest.Builder stream = HttpRequest.newBuilder(base.resolve("/sse")).timeout(WAIT);
            headers.forEach(stream::header);
            HttpResponse<String> refused = HttpClient.newHttpClient().send(stream.build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("event stream with %s token", bad.getKey()).isEqualTo(401);
            assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aValidTokenIsTakenFromTheHeaderACookieOrTheQueryAndNamesTheUser() throws Exception {
        try (TestWebSocket byHeader = TestWebSocket.connect(ws("/ws"),
                Map.of("Authorization", "Bearer " + TestTokens.valid("alice")));
                TestWebSocket byCookie = TestWebSocket.connect(ws("/ws"),
                        Map.of("Cookie", "switchboard_token=" + TestTokens.valid("bob")));
                TestEventSource byQuery = TestEventSource.open(
                        base.resolve("/sse?access_token=" + TestTokens.valid("carol")))) {
            assertThat(user(JSON.readTree(byHeader.frames().next(WAIT)))).isEqualTo("alice");
            assertThat(user(JSON.readTree(byCookie.frames().next(WAIT)))).isEqualTo("bob");
            assertThat(user(JSON.readTree(byQuery.events().next(WAIT).data()))).isEqualTo("carol");
        }
    }

    @Test
    void aDeliveryToAUserReachesAllOfTheirDevicesAndNoOneElse() throws Exception {
        try (TestWebSocket alicePhone = TestWebSocket.connect(ws("/ws"), bearer("alice"));
                TestEventSource aliceLaptop = TestEventSource.open(base.resolve("/sse"), bearer("alice"));
                TestWebSocket bob = TestWebSocket.connect(ws("/ws"), bearer("bob"));
                TestTopic deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            alicePhone.frames().next(WAIT);
            aliceLaptop.events().next(WAIT);
            String bobId = JSON.readTree(bob.frames().next(WAIT)).get("clientId").asText();

            deliveries.send(SwitchboardEvents.userDelivery(ServiceSources.of("test", "t"), "alice",
                    "{\"cart\":[\"apple\"]}".getBytes(StandardCharsets.UTF_8)));
            deliveries.send(SwitchboardEvents.clientDelivery(ServiceSources.of("test", "t"), bobId, null,
                    "\"only for bob\"".getBytes(StandardCharsets.UTF_8)));

            assertThat(JSON.readTree(alicePhone.frames().next(WAIT)).get("data").get("cart").get(0).asText())
                    .isEqualTo("apple");
            assertThat(JSON.readTree(aliceLaptop.events().next(WAIT).data()).get("data").get("cart").get(0).asText())
                    .isEqualTo("apple");
            assertThat(JSON.readTree(bob.frames().next(WAIT)).get("data").asText())
                    .as("bob's first message is his own, not alice's cart").isEqualTo("only for bob");
        }
    }

    @Test
    void aUserCannotPostForAnotherUsersClient() throws Exception {
        try (TestEventSource alice = TestEventSource.open(base.resolve("/sse"), bearer("alice"))) {
            String aliceClient = JSON.readTree(alice.events().next(WAIT).data()).get("clientId").asText();
            HttpResponse<String> asBob = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/clients/" + aliceClient + "/messages")).timeout(WAIT)
                    .header("Authorization", "Bearer " + TestTokens.valid("bob"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\",\"data\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asBob.statusCode()).isEqualTo(404);
            HttpResponse<String> asAlice = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve("/clients/" + aliceClient + "/messages")).timeout(WAIT)
                    .header("Authorization", "Bearer " + TestTokens.valid("alice"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"message\",\"data\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asAlice.statusCode()).isEqualTo(202);
        }
    }

    private static String user(JsonNode welcome) {
        return SharedInfrastructure.hazelcast().member(0).<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .get(welcome.get("clientId").asText()).userId();
    }

    private static Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + TestTokens.valid(user));
    }

    private URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }
}
