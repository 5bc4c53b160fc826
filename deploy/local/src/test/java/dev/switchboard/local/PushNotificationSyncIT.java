package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Topics;
import dev.switchboard.embedded.FreePorts;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * Push, notifications and background sync across the real services: two gateway processes (verifying the users'
 * tokens), a worker process (the built-in {@code echo} worker) and a push-service process, on one broker and one
 * Hazelcast cluster.
 *
 * <ul>
 * <li>A push to a user with connected clients wakes the worker, whose {@code showNotification} reaches every client
 * of that user on both nodes, and no client of another user; a {@code notificationclick} from a client wakes the
 * worker, which answers that client.</li>
 * <li>A sync a client registers is attempted on the worker, whose handler calls an upstream (an HTTP server in this
 * test): one that fails twice then succeeds sees exactly three attempts and one success; one that never succeeds
 * sees {@code lastChance} on its last attempt and lands on the dead-letter topic.</li>
 * </ul>
 */
class PushNotificationSyncIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://issuer.switchboard.it";
    private static final String AUDIENCE = "switchboard-gateway";
    private static final int SYNC_MAX_ATTEMPTS = 4;

    private static KeyPair issuer;
    private static SyncUpstream upstream;
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static final OtlpCollector COLLECTOR = new OtlpCollector();
    private static ServiceProcess gatewayA;
    private static ServiceProcess gatewayB;
    private static ServiceProcess push;

    @BeforeAll
    static void startSuite() throws Exception {
        Path home = Path.of(System.getProperty("switchboard.home", "../.."))
                .toAbsolutePath()
                .normalize();
        Path work = home.resolve("target/switchboard-it/push");
        Files.createDirectories(work);
        Path logs = work.resolve("logs");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        issuer = generator.generateKeyPair();
        Path publicKey = work.resolve("issuer-public.pem");
        Files.writeString(
                publicKey,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(issuer.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        // The suite's worker (the fixture's, one consumer group for the whole suite) posts syncs to its upstream.
        upstream = MultiNodeFixture.get().syncUpstream;

        gatewayA = gateway(home, logs, "gateway-pa", publicKey);
        gatewayB = gateway(home, logs, "gateway-pb", publicKey);
        Map<String, String> pushProperties = common();
        pushProperties.put("switchboard.push.node-id", "push-p");
        pushProperties.putAll(TestTokens.verifierConfig());
        byte[] sealingKey = new byte[32];
        new SecureRandom().nextBytes(sealingKey);
        pushProperties.put(
                "switchboard.push.vapid.key-encryption-key", Base64.getEncoder().encodeToString(sealingKey));
        pushProperties.put("switchboard.push.sync.max-attempts", String.valueOf(SYNC_MAX_ATTEMPTS));
        pushProperties.put("switchboard.push.sync.initial-backoff", "PT0.3S");
        pushProperties.put("switchboard.push.sync.max-backoff", "PT1S");
        pushProperties.put("switchboard.push.sync.retention", "PT2M");
        pushProperties.put("switchboard.push.sync.attempt-timeout", "PT30S");
        push = ServiceProcess.of(SuiteService.PUSH, "push-p", home, logs, FreePorts.next(), "256m", pushProperties);
        SERVICES.addAll(List.of(gatewayA, gatewayB, push));
        SERVICES.forEach(ServiceProcess::start);
        SERVICES.forEach(service -> service.awaitReady(MultiNodeFixture.READY));
    }

    @AfterAll
    static void stopSuite() {
        SERVICES.parallelStream().forEach(ServiceProcess::stop);
        COLLECTOR.close();
    }

    @Test
    void aPushReachesEveryClientOfItsUserOnBothNodesAsANotificationAndNoOneElse() throws Exception {
        try (TestWebSocket alicePhone = TestWebSocket.connect(ws(gatewayA), bearer("alice"));
                TestEventSource aliceLaptop = TestEventSource.open(sse(gatewayB), bearer("alice"));
                TestWebSocket bobPhone = TestWebSocket.connect(ws(gatewayA), bearer("bob"));
                TestWebSocket bobTablet = TestWebSocket.connect(ws(gatewayB), bearer("bob"))) {
            assertThat(Frames.parse(alicePhone.frames().next(WAIT)).get("node").asText())
                    .isEqualTo("gateway-pa");
            assertThat(Frames.parse(aliceLaptop.events().next(WAIT).data())
                            .get("node")
                            .asText())
                    .isEqualTo("gateway-pb");
            bobPhone.frames().next(WAIT);
            bobTablet.frames().next(WAIT);

            JsonNode accepted = send("alice", "for alice");
            assertThat(accepted.get("messages").get(0).get("via").asText()).isEqualTo("worker");
            assertThat(accepted.get("messages").get(0).get("registration").asText())
                    .isEqualTo("echo");
            send("bob", "for bob");

            assertThat(body(notification(alicePhone))).isEqualTo("for alice");
            assertThat(body(notification(aliceLaptop))).isEqualTo("for alice");
            assertThat(body(notification(bobPhone))).isEqualTo("for bob");
            assertThat(body(notification(bobTablet))).isEqualTo("for bob");

            // A fence: each client's next notification is its own user's second one, so nothing of the other's came.
            send("alice", "fence alice");
            send("bob", "fence bob");
            assertThat(body(notification(alicePhone))).isEqualTo("fence alice");
            assertThat(body(notification(aliceLaptop))).isEqualTo("fence alice");
            assertThat(body(notification(bobPhone))).isEqualTo("fence bob");
            assertThat(body(notification(bobTablet))).isEqualTo("fence bob");
        }
    }

    @Test
    void aNotificationClickWakesTheWorkerWhichAnswersTheClientThatClicked() {
        try (TestWebSocket phone = TestWebSocket.connect(ws(gatewayB), bearer("carol"))) {
            phone.frames().next(WAIT);
            phone.send("{\"type\":\"notificationclick\",\"ref\":\"c1\",\"data\":{\"tag\":\"push\",\"action\":\"open\","
                    + "\"data\":{\"cart\":3}}}");
            JsonNode ack = Frames.parse(
                    phone.frames().nextMatching(frame -> Frames.type(frame).equals("ack"), WAIT));
            assertThat(ack.get("ref").asText()).isEqualTo("c1");
            JsonNode message = Frames.parse(
                    phone.frames().nextMatching(frame -> Frames.type(frame).equals("message"), WAIT));
            assertThat(message.get("inReplyTo").asText())
                    .isEqualTo(ack.get("eventId").asText());
            JsonNode answer = message.get("data").get("notificationclick");
            assertThat(answer.get("tag").asText()).isEqualTo("push");
            assertThat(answer.get("action").asText()).isEqualTo("open");
            assertThat(answer.get("data").get("cart").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aSyncWhoseUpstreamFailsTwiceSucceedsOnItsThirdAttemptAndIsNotAttemptedAgain() throws Exception {
        upstream.failFirst("flaky", 2);
        try (TestWebSocket phone = TestWebSocket.connect(ws(gatewayA), bearer("dave"))) {
            phone.frames().next(WAIT);
            phone.send(
                    "{\"type\":\"sync\",\"ref\":\"s1\",\"data\":{\"tag\":\"flaky\",\"payload\":{\"outbox\":[1,2]}}}");
            assertThat(Frames.type(phone.frames()
                            .nextMatching(frame -> !Frames.type(frame).equals("notification"), WAIT)))
                    .isEqualTo("ack");
        }
        upstream.awaitCalls("flaky", 3, WAIT);
        Thread.sleep(3000); // longer than the backoff: a fourth attempt would have come by now
        List<Map<String, String>> calls = upstream.calls("flaky");
        assertThat(calls).extracting(call -> call.get("status")).containsExactly("500", "500", "200");
        assertThat(calls).extracting(call -> call.get("attempt")).containsExactly("1", "2", "3");
        assertThat(calls).extracting(call -> call.get("body")).containsOnly("{\"outbox\":[1,2]}");
        assertThat(metric("switchboard_sync_settled_total{outcome=\"succeeded\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void aSyncThatNeverSucceedsGetsLastChanceOnItsLastAttemptAndLandsInTheDeadLetterTopic() throws Exception {
        upstream.failFirst("doomed", Integer.MAX_VALUE);
        try (TestTopic deadLetters =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.SYNC_DEAD_LETTER);
                TestWebSocket phone = TestWebSocket.connect(ws(gatewayB), bearer("erin"))) {
            phone.frames().next(WAIT);
            phone.send("{\"type\":\"sync\",\"data\":{\"tag\":\"doomed\",\"payload\":\"x\"}}");
            JsonNode letter = JSON.readTree(deadLetters
                    .await(record -> record.key().equals("erin/doomed"), WAIT)
                    .value()
                    .getData()
                    .toBytes());
            assertThat(letter.get("tag").asText()).isEqualTo("doomed");
            assertThat(letter.get("userId").asText()).isEqualTo("erin");
            assertThat(letter.get("registration").asText()).isEqualTo("echo");
            assertThat(letter.get("reason").asText()).isEqualTo("the last attempt failed");
            assertThat(letter.get("attempts")).hasSize(SYNC_MAX_ATTEMPTS);
            letter.get("attempts")
                    .forEach(attempt ->
                            assertThat(attempt.get("outcome").asText()).isEqualTo("failed"));
        }
        List<Map<String, String>> calls = upstream.calls("doomed");
        assertThat(calls).hasSize(SYNC_MAX_ATTEMPTS);
        assertThat(calls).extracting(call -> call.get("lastChance")).containsExactly("false", "false", "false", "true");
    }

    private static JsonNode send(String user, String text) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + push.httpPort() + "/push/users/" + user + "/messages"))
                                .timeout(WAIT)
                                .header("Content-Type", "application/json")
                                .header("Authorization", TestTokens.bearer(TestTokens.publisher()))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        JSON.writeValueAsString(Map.of("payload", text))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static double metric(String line) throws Exception {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + push.httpPort() + "/q/metrics"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return metrics.lines()
                .filter(candidate -> candidate.startsWith(line))
                .findFirst()
                .map(found ->
                        Double.parseDouble(found.substring(line.length()).trim().split(" ")[0]))
                .orElse(0.0);
    }

    private static JsonNode notification(TestWebSocket socket) {
        return Frames.parse(
                socket.frames().nextMatching(frame -> Frames.type(frame).equals("notification"), WAIT));
    }

    private static JsonNode notification(TestEventSource stream) {
        return Frames.parse(stream.events()
                .nextMatching(event -> event.type().equals("notification"), WAIT)
                .data());
    }

    private static String body(JsonNode notification) {
        assertThat(notification.get("title").asText()).isEqualTo("echo");
        return notification.get("options").get("body").asText();
    }

    private static URI ws(ServiceProcess gateway) {
        return URI.create("ws://127.0.0.1:" + gateway.httpPort() + "/ws");
    }

    private static URI sse(ServiceProcess gateway) {
        return URI.create("http://127.0.0.1:" + gateway.httpPort() + "/sse");
    }

    private static Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + token(user));
    }

    /** An RS256 JWT for {@code user}, signed with the JDK. */
    private static String token(String user) {
        long now = System.currentTimeMillis() / 1000;
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + user + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\""
                        + AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(issuer.getPrivate());
            signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + base64.encodeToString(signature.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceProcess gateway(Path home, Path logs, String nodeId, Path publicKey) {
        Map<String, String> properties = common();
        properties.put("switchboard.gateway.node-id", nodeId);
        properties.put("switchboard.gateway.security.anonymous", "false");
        properties.put("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        properties.put("mp.jwt.verify.issuer", ISSUER);
        properties.put("mp.jwt.verify.audiences", AUDIENCE);
        return ServiceProcess.of(SuiteService.GATEWAY, nodeId, home, logs, FreePorts.next(), "256m", properties);
    }

    private static Map<String, String> common() {
        Map<String, String> properties = new HashMap<>(SharedInfrastructure.serviceConfig());
        properties.put("quarkus.otel.exporter.otlp.traces.endpoint", COLLECTOR.endpoint());
        return properties;
    }
}
