package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.RawWebSocket;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestEventSource;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway alone against a real broker and a real Hazelcast member; the test plays the worker by reading
 * {@code switchboard.events} and writing {@code switchboard.deliveries} itself.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class GatewayEdgeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    GatewayConfig config;

    private TestTopic events;
    private TestTopic deliveries;

    @BeforeEach
    void waitUntilReady() {
        Readiness.await(base, WAIT);
        events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
        deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
    }

    @AfterEach
    void closeTopics() {
        events.close();
        deliveries.close();
    }

    @Test
    void aWebSocketClientIsRecordedPublishesACloudEventAndReceivesItsDelivery() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws?url=https://app.example/cart"))) {
            JsonNode welcome = frame(socket.frames().next(WAIT));
            assertThat(welcome.get("type").asText()).isEqualTo("welcome");
            String clientId = welcome.get("clientId").asText();

            ClientRecord record = clients().get(clientId);
            assertThat(record.transport()).isEqualTo("websocket");
            assertThat(record.userId())
                    .as("an anonymous user of its own, proven by the token it was given")
                    .startsWith(AnonymousTokens.USER_PREFIX)
                    .isEqualTo(
                            AnonymousTokens.userOf(welcome.get("anonymousToken").asText())
                                    .orElseThrow());
            assertThat(record.url()).isEqualTo("https://app.example/cart");
            assertThat(record.nodeId()).isEqualTo(welcome.get("node").asText());

            socket.send("{\"type\":\"message\",\"ref\":\"r1\",\"data\":{\"item\":\"apple\"}}");
            JsonNode ack = frame(socket.frames().next(WAIT));
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            assertThat(ack.get("ref").asText()).isEqualTo("r1");
            String eventId = ack.get("eventId").asText();

            ConsumerRecord<String, CloudEvent> published =
                    events.await(r -> r.value().getId().equals(eventId), WAIT);
            assertThat(published.key()).isEqualTo(clientId);
            assertThat(published.value().getType()).isEqualTo(EventTypes.CLIENT_MESSAGE);
            assertThat(SwitchboardEvents.extension(published.value(), EventExtensions.REGISTRATION_ID))
                    .contains("echo");
            assertThat(new String(SwitchboardEvents.data(published.value()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"item\":\"apple\"}");
            assertThat(published.headers().lastHeader("ce_specversion")).isNotNull();
            assertThat(published.headers().lastHeader("traceparent"))
                    .as("W3C trace context")
                    .isNotNull();

            CloudEvent reply = SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"),
                    clientId,
                    eventId,
                    "{\"echo\":{\"item\":\"apple\"}}".getBytes(StandardCharsets.UTF_8));
            deliveries.send(reply);
            JsonNode message = frame(socket.frames().next(WAIT));
            assertThat(message.get("type").asText()).isEqualTo("message");
            assertThat(message.get("eventId").asText()).isEqualTo(reply.getId());
            assertThat(message.get("id").asText())
                    .as("its place in the client's stream")
                    .startsWith(clientId + ":");
            assertThat(message.get("inReplyTo").asText()).isEqualTo(eventId);
            assertThat(message.get("data").get("echo").get("item").asText()).isEqualTo("apple");
        }
    }

    @Test
    void aRepeatedDeliveryIsWrittenOnceAndAFailedEventBecomesAnErrorFrameNamingIt() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            String clientId = frame(socket.frames().next(WAIT)).get("clientId").asText();
            CloudEvent reply = SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, "e-1", "\"once\"".getBytes(StandardCharsets.UTF_8));
            // A worker that ran its event twice: the same delivery, with the same id, at two offsets.
            deliveries.sendAll(List.of(reply, reply));
            deliveries.send(SwitchboardEvents.clientError(
                    ServiceSources.of("test", "t"),
                    clientId,
                    "e-2",
                    "{\"eventId\":\"e-2\",\"code\":\"event-failed\",\"message\":\"handler-failed: boom\"}"
                            .getBytes(StandardCharsets.UTF_8)));

            JsonNode message = frame(socket.frames().next(WAIT));
            assertThat(message.get("type").asText()).isEqualTo("message");
            assertThat(message.get("eventId").asText()).isEqualTo(reply.getId());
            JsonNode error = frame(socket.frames().next(WAIT));
            assertThat(error.get("type").asText()).as("the repeat was dropped").isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("event-failed");
            assertThat(error.get("eventId").asText()).isEqualTo("e-2");
            assertThat(error.get("message").asText()).isEqualTo("handler-failed: boom");
        }
    }

    @Test
    void badFramesGetAnErrorFrameAndTheConnectionKeepsWorking() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            socket.frames().next(WAIT);

            socket.send("{not json");
            assertThat(error(socket)).isEqualTo("bad-json");
            socket.send("[1,2]");
            assertThat(error(socket)).isEqualTo("bad-frame");
            socket.send("{\"type\":\"launch\",\"data\":1}");
            assertThat(error(socket)).isEqualTo("unknown-type");
            socket.send("{\"type\":\"message\"}");
            assertThat(error(socket)).isEqualTo("bad-frame");
            socket.sendBinary(new byte[] {1, 2, 3});
            assertThat(error(socket)).as("a header length past the frame's end").isEqualTo("bad-frame");
            socket.sendBinary(envelope("{oops", new byte[] {9}));
            assertThat(error(socket)).isEqualTo("bad-json");
            socket.send("{\"type\":\"message\",\"binary\":true,\"data\":\"not base64!\"}");
            assertThat(error(socket)).isEqualTo("bad-frame");
            // Over switchboard.sync.max-payload-bytes (16384): refused here rather than dropped by push-service.
            socket.send("{\"type\":\"sync\",\"data\":{\"tag\":\"t\",\"payload\":\"" + "p".repeat(16_384) + "\"}}");
            assertThat(error(socket)).isEqualTo("too-large");

            socket.send("{\"type\":\"message\",\"data\":\"still here\"}");
            assertThat(frame(socket.frames().next(WAIT)).get("type").asText()).isEqualTo("ack");
        }
    }

    @Test
    void binaryPayloadsTravelAsBinaryFramesBothWaysAndAsBase64OverSse() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            String clientId = frame(socket.frames().next(WAIT)).get("clientId").asText();

            socket.sendBinary(envelope("{\"type\":\"message\",\"ref\":\"b1\"}", payload));
            JsonNode ack = frame(socket.frames().next(WAIT));
            assertThat(ack.get("ref").asText()).isEqualTo("b1");
            CloudEvent published = events.await(
                            r -> r.value().getId().equals(ack.get("eventId").asText()), WAIT)
                    .value();
            assertThat(published.getDataContentType()).isEqualTo(SwitchboardEvents.BINARY);
            assertThat(SwitchboardEvents.data(published)).isEqualTo(payload);

            socket.sendBinary(envelope("", payload));
            assertThat(frame(socket.frames().next(WAIT)).get("type").asText())
                    .as("no header: no ref, still acked")
                    .isEqualTo("ack");

            CloudEvent reply = SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, published.getId(), SwitchboardEvents.BINARY, payload);
            deliveries.send(reply);
            byte[] received = socket.binaryFrames().next(WAIT);
            int headerLength = ((received[0] & 0xff) << 8) | (received[1] & 0xff);
            JsonNode header = JSON.readTree(new String(received, 2, headerLength, StandardCharsets.UTF_8));
            assertThat(header.get("type").asText()).isEqualTo("message");
            assertThat(header.get("binary").asBoolean()).isTrue();
            assertThat(header.get("eventId").asText()).isEqualTo(reply.getId());
            assertThat(header.get("inReplyTo").asText()).isEqualTo(published.getId());
            assertThat(header.get("id").asText()).startsWith(clientId + ":");
            assertThat(Arrays.copyOfRange(received, 2 + headerLength, received.length))
                    .isEqualTo(payload);
        }
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = frame(stream.events().next(WAIT).data());
            String clientId = welcome.get("clientId").asText();
            HttpResponse<String> accepted = post(
                    "/clients/" + clientId + "/messages",
                    "{\"type\":\"message\",\"binary\":true,\"data\":\""
                            + Base64.getEncoder().encodeToString(payload) + "\"}",
                    token(welcome));
            assertThat(accepted.statusCode()).isEqualTo(202);
            String eventId = frame(accepted.body()).get("eventId").asText();
            assertThat(SwitchboardEvents.data(
                            events.await(r -> r.value().getId().equals(eventId), WAIT)
                                    .value()))
                    .isEqualTo(payload);

            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, eventId, SwitchboardEvents.BINARY, payload));
            JsonNode message = frame(stream.events().next(WAIT).data());
            assertThat(message.get("binary").asBoolean()).isTrue();
            assertThat(Base64.getDecoder().decode(message.get("data").asText())).isEqualTo(payload);
        }
    }

    @Test
    void anOversizeBinaryMessageClosesTheSocketWith1009() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            socket.frames().next(WAIT);
            socket.sendBinary(envelope("", new byte[70_000]));
            assertThat(socket.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(1009);
        }
    }

    @Test
    void anOversizeMessageClosesTheSocketWith1009() throws Exception {
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            socket.frames().next(WAIT);
            socket.send("{\"type\":\"message\",\"data\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(socket.closeCode().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(1009);
        }
    }

    @Test
    void aClosedClientLeavesTheRegistry() throws Exception {
        String clientId;
        try (TestWebSocket socket = TestWebSocket.connect(ws("/ws"))) {
            clientId = frame(socket.frames().next(WAIT)).get("clientId").asText();
            assertThat(clients().containsKey(clientId)).isTrue();
        }
        await().atMost(WAIT).until(() -> !clients().containsKey(clientId));
    }

    @Test
    void aClientDeclaresItsTypeWhenItConnectsAndATypeThatIsNoneIsRefused() throws Exception {
        try (TestWebSocket page = TestWebSocket.connect(ws("/ws"));
                TestWebSocket worker = TestWebSocket.connect(ws("/ws?type=worker"));
                TestEventSource shared = TestEventSource.open(base.resolve("/sse?type=sharedworker"))) {
            assertThat(clients()
                            .get(frame(page.frames().next(WAIT)).get("clientId").asText())
                            .type())
                    .as("no type declared: a page")
                    .isEqualTo("window");
            assertThat(clients()
                            .get(frame(worker.frames().next(WAIT))
                                    .get("clientId")
                                    .asText())
                            .type())
                    .isEqualTo("worker");
            assertThat(clients()
                            .get(frame(shared.events().next(WAIT).data())
                                    .get("clientId")
                                    .asText())
                            .type())
                    .isEqualTo("sharedworker");
        }
        try (RawWebSocket iframe = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws?type=iframe", Map.of())) {
            assertThat(iframe.status()).isEqualTo(400);
        }
        HttpResponse<String> all = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/sse?type=all"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(all.statusCode())
                .as("'all' is a query option, not a client's type")
                .isEqualTo(400);
        assertThat(ProblemBodies.typeOf(all)).isEqualTo(ProblemType.BAD_REQUEST);
    }

    @Test
    void anSseClientPostsMessagesAndReceivesDeliveriesWithEventIds() throws Exception {
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            TestEventSource.Event welcome = stream.events().next(WAIT);
            assertThat(welcome.type()).isEqualTo("welcome");
            String clientId = frame(welcome.data()).get("clientId").asText();
            assertThat(clients().get(clientId).transport()).isEqualTo("sse");

            HttpResponse<String> accepted = post(
                    "/clients/" + clientId + "/messages",
                    "{\"type\":\"message\",\"ref\":\"p1\",\"data\":[1,2,3]}",
                    token(frame(welcome.data())));
            assertThat(accepted.statusCode()).isEqualTo(202);
            String eventId = frame(accepted.body()).get("eventId").asText();
            assertThat(events.await(r -> r.value().getId().equals(eventId), WAIT)
                            .key())
                    .isEqualTo(clientId);

            CloudEvent reply = SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, eventId, "\"pong\"".getBytes(StandardCharsets.UTF_8));
            deliveries.send(reply);
            TestEventSource.Event message = stream.events().next(WAIT);
            assertThat(message.type()).isEqualTo("message");
            assertThat(message.id()).startsWith(clientId + ":");
            assertThat(frame(message.data()).get("eventId").asText()).isEqualTo(reply.getId());
            assertThat(frame(message.data()).get("data").asText()).isEqualTo("pong");
        }
    }

    @Test
    void postsForUnknownClientsMalformedBodiesAndOversizeBodiesAreRefusedClearly() throws Exception {
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = frame(stream.events().next(WAIT).data());
            String clientId = welcome.get("clientId").asText();
            String token = token(welcome);

            HttpResponse<String> unknown = post("/clients/nobody/messages", "{\"type\":\"message\",\"data\":1}", token);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(ProblemBodies.typeOf(unknown)).isEqualTo(ProblemType.UNKNOWN_CLIENT);

            HttpResponse<String> malformed = post("/clients/" + clientId + "/messages", "{oops", token);
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(ProblemBodies.typeOf(malformed)).isEqualTo(ProblemType.BAD_JSON);

            HttpResponse<String> oversize = post(
                    "/clients/" + clientId + "/messages",
                    "{\"type\":\"message\",\"data\":\"" + "y".repeat(70_000) + "\"}",
                    token);
            assertThat(oversize.statusCode()).isEqualTo(413);
            assertThat(ProblemBodies.typeOf(oversize)).isEqualTo(ProblemType.TOO_LARGE);

            assertThat(post("/clients/" + clientId + "/messages", "{\"type\":\"message\",\"data\":1}", token)
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void anUpgradeFromAForeignOriginIsRefusedWith403AndTheSameOriginIsAccepted() throws Exception {
        try (RawWebSocket foreign =
                RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of("Origin", "https://evil.example"))) {
            assertThat(foreign.status()).isEqualTo(403);
        }
        try (RawWebSocket same = RawWebSocket.connect(
                base.getHost(),
                base.getPort(),
                "/ws",
                Map.of("Origin", "http://" + base.getHost() + ":" + base.getPort()))) {
            assertThat(same.status()).isEqualTo(101);
        }
        HttpResponse<String> foreignStream = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/sse"))
                                .timeout(WAIT)
                                .header("Origin", "https://evil.example")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(foreignStream.statusCode()).isEqualTo(403);
        assertThat(ProblemBodies.typeOf(foreignStream)).isEqualTo(ProblemType.FORBIDDEN_ORIGIN);
    }

    @Test
    void aPeerThatNeverAnswersPingsIsClosedWith4000WhileAPoliteOneStays() throws Exception {
        try (TestWebSocket polite = TestWebSocket.connect(ws("/ws"));
                RawWebSocket silent = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of())) {
            assertThat(silent.status()).isEqualTo(101);
            int pings = 0;
            RawWebSocket.Frame frame;
            do {
                frame = silent.read(WAIT);
                assertThat(frame).as("the server closes before going quiet").isNotNull();
                if (frame.opcode() == 0x9) {
                    pings++;
                }
            } while (frame.opcode() != 0x8);
            assertThat(pings).isGreaterThanOrEqualTo(1);
            assertThat(frame.closeCode()).isEqualTo(4000);

            polite.frames().next(WAIT);
            polite.send("{\"type\":\"message\",\"data\":\"after several pings\"}");
            assertThat(frame(polite.frames().next(WAIT)).get("type").asText()).isEqualTo("ack");
            assertThat(polite.closeCode()).isNotDone();
        }
    }

    @Test
    void aPeerThatKeepsSendingIsAliveWithoutPongsAndClosedWith4000OnceQuiet() throws Exception {
        // The test profile pings every second: sending every 300 ms for four seconds spans several pings.
        try (RawWebSocket busy = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of())) {
            assertThat(busy.status()).isEqualTo(101);
            int pings = 0;
            long sendingUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < sendingUntil) {
                busy.sendText("{\"type\":\"message\",\"data\":\"still here\"}");
                RawWebSocket.Frame frame;
                while ((frame = busy.read(Duration.ofMillis(300))) != null) {
                    assertThat(frame.opcode())
                            .as("no close while the peer sends")
                            .isNotEqualTo(0x8);
                    if (frame.opcode() == 0x9) {
                        pings++;
                    }
                }
            }
            assertThat(pings).as("pings went unanswered meanwhile").isGreaterThanOrEqualTo(2);

            RawWebSocket.Frame frame;
            do {
                frame = busy.read(WAIT);
                assertThat(frame).as("the server closes the quiet peer").isNotNull();
            } while (frame.opcode() != 0x8);
            assertThat(frame.closeCode()).isEqualTo(4000);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAsASlowConsumerAndOthersAreStillServed() throws Exception {
        try (RawWebSocket slow = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", Map.of());
                TestWebSocket polite = TestWebSocket.connect(ws("/ws"))) {
            RawWebSocket.Frame welcome = slow.read(WAIT);
            String slowId = frame(new String(welcome.payload(), StandardCharsets.UTF_8))
                    .get("clientId")
                    .asText();
            polite.frames().next(WAIT);

            // It keeps its heartbeat going (unsolicited pongs) but reads nothing more.
            ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
            heartbeat.scheduleAtFixedRate(
                    () -> {
                        try {
                            slow.sendPong();
                        } catch (IOException closed) {
                            heartbeat.shutdown();
                        }
                    },
                    0,
                    300,
                    TimeUnit.MILLISECONDS);

            // 16 MiB for a peer that reads nothing: more than the socket buffers plus the 64 KiB queue allowed.
            String chunk = "\"" + "z".repeat(4096) + "\"";
            long sending = System.nanoTime();
            deliveries.sendAll(IntStream.range(0, 4096)
                    .mapToObj(i -> SwitchboardEvents.clientDelivery(
                            ServiceSources.of("test", "t"), slowId, null, chunk.getBytes(StandardCharsets.UTF_8)))
                    .toList());
            Duration readingFrom = Duration.ofNanos(System.nanoTime() - sending);

            RawWebSocket.Frame frame = null;
            int messages = 0;
            try {
                do {
                    frame = slow.read(WAIT);
                    assertThat(frame).as("the server closes the slow peer").isNotNull();
                    if (frame.opcode() == 0x1) {
                        messages++;
                    }
                } while (frame.opcode() != 0x8);
                assertThat(frame.closeCode()).isEqualTo(4008);
            } catch (EOFException cut) {
                // Its close (4008) waited behind what it did not read; a peer that starts reading only after the
                // slow-close grace has rightly been cut instead (a loaded machine is slow to send 16 MiB).
                assertThat(readingFrom)
                        .as("cut before the grace was up")
                        .isGreaterThanOrEqualTo(config.outbound().slowCloseGrace());
            } finally {
                heartbeat.shutdownNow();
            }
            assertThat(messages)
                    .as("it was dropped, not buffered without limit")
                    .isLessThan(4096);

            polite.send("{\"type\":\"message\",\"data\":\"still served\"}");
            assertThat(frame(polite.frames().next(WAIT)).get("type").asText()).isEqualTo("ack");
        }
        String metrics = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .contains("switchboard_gateway_closes_total{reason=\"slow_consumer\"}")
                .contains("switchboard_gateway_messages_dropped_total")
                .contains("switchboard_gateway_connections{transport=\"websocket\"}");
    }

    @Test
    void anIdleEventStreamGetsKeepAliveComments() {
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            stream.events().next(WAIT);
            await().atMost(WAIT).until(() -> stream.comments() >= 2);
        }
    }

    /** A binary frame as docs/protocol.md defines it: header length (2 bytes), JSON header, payload. */
    private static byte[] envelope(String header, byte[] payload) {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(2 + headerBytes.length + payload.length);
        return frame.putShort((short) headerBytes.length)
                .put(headerBytes)
                .put(payload)
                .array();
    }

    private String error(TestWebSocket socket) throws Exception {
        JsonNode frame = frame(socket.frames().next(WAIT));
        assertThat(frame.get("type").asText()).isEqualTo("error");
        assertThat(frame.get("message").asText()).isNotBlank();
        return frame.get("code").asText();
    }

    /** The anonymous token a welcome frame handed out: the client's only proof of being itself. */
    private static String token(JsonNode welcome) {
        return welcome.get("anonymousToken").asText();
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(WAIT)
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }

    private static IMap<String, ClientRecord> clients() {
        return SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
    }

    private static JsonNode frame(String text) throws Exception {
        return JSON.readTree(text);
    }
}
