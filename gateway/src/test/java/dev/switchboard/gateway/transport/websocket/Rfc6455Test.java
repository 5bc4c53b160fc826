package dev.switchboard.gateway.transport.websocket;

import static dev.switchboard.gateway.transport.websocket.RawPeer.BINARY;
import static dev.switchboard.gateway.transport.websocket.RawPeer.CLOSE;
import static dev.switchboard.gateway.transport.websocket.RawPeer.CONTINUATION;
import static dev.switchboard.gateway.transport.websocket.RawPeer.PING;
import static dev.switchboard.gateway.transport.websocket.RawPeer.PONG;
import static dev.switchboard.gateway.transport.websocket.RawPeer.TEXT;
import static dev.switchboard.gateway.transport.websocket.RawPeer.closePayload;
import static dev.switchboard.gateway.transport.websocket.RawPeer.concat;
import static dev.switchboard.gateway.transport.websocket.RawPeer.frame;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * RFC 6455 at the wire, with the project's own frame writer ({@link RawPeer}, a plain socket): every violation the
 * RFC says MUST fail the connection gets a Close frame with the RFC's code (1002 protocol error, 1007 invalid
 * UTF-8, 1009 too big) and then the TCP close; handshakes section 4.2.1 does not allow are refused with 4xx; idle
 * and stalled peers are closed. A well-behaved client is served throughout: after every case it still gets its
 * ack.
 */
@QuarkusTest
@TestProfile(Rfc6455Test.StrictProfile.class)
@WithTestResource(SharedInfrastructureResource.class)
class Rfc6455Test {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 65536;

    /** A short idle timeout, so that idle and half-open peers are closed within the test. */
    public static class StrictProfile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "PT3S");
        }
    }

    /** A violation: what the peer sends once welcomed, and the close code the RFC asks for. */
    private record Violation(String name, byte[] bytes, int expectedCode) {}

    @TestHTTPResource("/")
    URI base;

    private TestWebSocket polite;
    private int politeMessages;

    @BeforeEach
    void openPoliteClient() throws Exception {
        Readiness.await(base, WAIT);
        polite = TestWebSocket.connect(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws"));
        assertThat(JSON.readTree(polite.frames().next(WAIT)).get("type").asText())
                .isEqualTo("welcome");
    }

    @AfterEach
    void closePoliteClient() {
        polite.close();
    }

    @Test
    void everyViolationThatMustFailTheConnectionGetsTheRfcCloseCodeThenTheTcpClose() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Violation violation : violations()) {
            try (RawPeer peer = welcomedPeer()) {
                peer.write(violation.bytes());
                RawPeer.Frame close = peer.awaitClose(WAIT);
                softly.assertThat(close)
                        .as("%s: a Close frame before the TCP close", violation.name())
                        .isNotNull();
                if (close != null) {
                    softly.assertThat(close.closeCode())
                            .as("%s: close code", violation.name())
                            .isEqualTo(violation.expectedCode());
                    softly.assertThat(peer.awaitEndOfStream(WAIT))
                            .as("%s: then the TCP close", violation.name())
                            .isTrue();
                }
            }
            softly.assertThat(politeIsServed())
                    .as("after %s, another client is still served", violation.name())
                    .isTrue();
        }
        softly.assertAll();
    }

    @Test
    void invalidCloseCodesAreRefusedAndNeverEchoedValidOnesAreAnswered() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            try (RawPeer peer = welcomedPeer()) {
                peer.write(frame(true, 0, CLOSE, true, closePayload(code, new byte[0])));
                RawPeer.Frame close = peer.awaitClose(WAIT);
                softly.assertThat(close).as("close code %d", code).isNotNull();
                if (close != null) {
                    softly.assertThat(close.closeCode())
                            .as("answer to close code %d", code)
                            .isEqualTo(1002);
                }
            }
        }
        for (int code : new int[] {1000, 1001, 1003, 1007, 1011, 3000, 4999}) {
            try (RawPeer peer = welcomedPeer()) {
                peer.write(frame(true, 0, CLOSE, true, closePayload(code, "bye".getBytes(StandardCharsets.UTF_8))));
                RawPeer.Frame close = peer.awaitClose(WAIT);
                softly.assertThat(close).as("valid close code %d", code).isNotNull();
                if (close != null) {
                    softly.assertThat(close.closeCode())
                            .as("valid close code %d is echoed", code)
                            .isEqualTo(code);
                }
                softly.assertThat(peer.awaitEndOfStream(WAIT)).isTrue();
            }
        }
        try (RawPeer peer = welcomedPeer()) {
            peer.write(frame(true, 0, CLOSE, true, new byte[0]));
            RawPeer.Frame close = peer.awaitClose(WAIT);
            softly.assertThat(close).as("a close without a code").isNotNull();
            if (close != null) {
                softly.assertThat(close.closeCode())
                        .as("is answered with 1000, never 1005")
                        .isEqualTo(1000);
            }
        }
        softly.assertThat(politeIsServed()).isTrue();
        softly.assertAll();
    }

    @Test
    void validFramesAreAcceptedTextArrivesUnalteredAndFragmentsMayCarryPingsBetween() throws Exception {
        String text = "{\"type\":\"message\",\"ref\":\"u1\",\"data\":\"h\u00e9llo \u20ac \ud834\udd1e\"}";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // Split inside the 4-byte character: each fragment alone is not valid UTF-8, the message is.
        int split = bytes.length - 4;
        try (RawPeer peer = welcomedPeer();
                TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS)) {
            peer.write(concat(
                    frame(false, 0, TEXT, true, Arrays.copyOfRange(bytes, 0, split)),
                    frame(true, 0, PING, true, "in between".getBytes(StandardCharsets.UTF_8)),
                    frame(true, 0, CONTINUATION, true, Arrays.copyOfRange(bytes, split, bytes.length))));
            RawPeer.Frame pong = peer.read(WAIT);
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("in between");
            RawPeer.Frame ack = peer.read(WAIT);
            assertThat(ack.opcode()).isEqualTo(TEXT);
            JsonNode acked = JSON.readTree(ack.text());
            assertThat(acked.get("type").asText()).isEqualTo("ack");
            String published = new String(
                    SwitchboardEvents.data(events.await(
                                    record -> record.value()
                                            .getId()
                                            .equals(acked.get("eventId").asText()),
                                    WAIT)
                            .value()),
                    StandardCharsets.UTF_8);
            assertThat(published).as("never altered (no U+FFFD)").isEqualTo("\"h\u00e9llo \u20ac \ud834\udd1e\"");

            peer.write(frame(true, 0, PONG, true, new byte[0])); // an unsolicited pong is allowed
            peer.write(RawPeer.text("{\"type\":\"message\",\"ref\":\"u2\",\"data\":1}"));
            assertThat(JSON.readTree(peer.read(WAIT).text()).get("ref").asText())
                    .isEqualTo("u2");
        }
    }

    @Test
    void handshakesThatBreakSection421AreRefusedWith4xx() throws Exception {
        String host = base.getHost();
        int port = base.getPort();
        String authority = host + ":" + port;
        String good = "Host: " + authority + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        SoftAssertions softly = new SoftAssertions();
        Map<String, String> badRequests = new LinkedHashMap<>();
        badRequests.put(
                "no Sec-WebSocket-Version",
                "GET /ws HTTP/1.1\r\n" + good + "Sec-WebSocket-Key: " + RawPeer.key(16) + "\r\n\r\n");
        badRequests.put(
                "Sec-WebSocket-Version 8",
                "GET /ws HTTP/1.1\r\n" + good + "Sec-WebSocket-Version: 8\r\nSec-WebSocket-Key: " + RawPeer.key(16)
                        + "\r\n\r\n");
        for (Map.Entry<String, String> wrongVersion : badRequests.entrySet()) {
            try (RawPeer peer = RawPeer.open(host, port).sendHandshake(wrongVersion.getValue())) {
                softly.assertThat(peer.status()).as(wrongVersion.getKey()).isEqualTo(426);
                softly.assertThat(peer.header("Sec-WebSocket-Version"))
                        .as(wrongVersion.getKey())
                        .isEqualTo("13");
            }
        }
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put(
                "a key of 10 bytes",
                "GET /ws HTTP/1.1\r\n" + good + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(10)
                        + "\r\n\r\n");
        malformed.put(
                "a key that is not base64",
                "GET /ws HTTP/1.1\r\n" + good
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: not*base64*at*all*!!!!\r\n\r\n");
        malformed.put("no key", "GET /ws HTTP/1.1\r\n" + good + "Sec-WebSocket-Version: 13\r\n\r\n");
        malformed.put(
                "HTTP/1.0",
                "GET /ws HTTP/1.0\r\n" + good + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(16)
                        + "\r\n\r\n");
        malformed.put(
                "no Upgrade",
                "GET /ws HTTP/1.1\r\nHost: " + authority + "\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(16) + "\r\n\r\n");
        malformed.put(
                "Upgrade: h2c",
                "GET /ws HTTP/1.1\r\nHost: " + authority + "\r\nUpgrade: h2c\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(16)
                        + "\r\n\r\n");
        malformed.put(
                "no Connection: Upgrade",
                "GET /ws HTTP/1.1\r\nHost: " + authority + "\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(16) + "\r\n\r\n");
        malformed.put(
                "POST",
                "POST /ws HTTP/1.1\r\n" + good + "Content-Length: 0\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + RawPeer.key(16) + "\r\n\r\n");
        for (Map.Entry<String, String> request : malformed.entrySet()) {
            try (RawPeer peer = RawPeer.open(host, port).sendHandshake(request.getValue())) {
                softly.assertThat(peer.status()).as(request.getKey()).isBetween(400, 499);
                if (!"POST".equals(request.getKey())) {
                    softly.assertThat(peer.status()).as(request.getKey()).isEqualTo(400);
                }
            }
        }
        try (RawPeer peer = RawPeer.open(host, port).sendHandshake(RawPeer.handshake(host, port, "/ws"))) {
            softly.assertThat(peer.status()).as("a correct handshake").isEqualTo(101);
        }
        softly.assertThat(politeIsServed()).isTrue();
        softly.assertAll();
    }

    @Test
    void idleAndStalledPeersAreClosed() throws Exception {
        try (RawPeer idle = RawPeer.open(base.getHost(), base.getPort());
                RawPeer halfHandshake = RawPeer.open(base.getHost(), base.getPort());
                RawPeer midFrame = welcomedPeer()) {
            halfHandshake.write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            // A frame announcing 100 bytes, 10 of them sent; then the peer stops answering pings.
            midFrame.silent().write(Arrays.copyOf(frame(true, 0, TEXT, true, new byte[100]), 16));
            assertThat(idle.awaitEndOfStream(WAIT))
                    .as("a connection that sends nothing")
                    .isTrue();
            assertThat(halfHandshake.awaitEndOfStream(WAIT))
                    .as("a handshake never finished")
                    .isTrue();
            RawPeer.Frame close = midFrame.awaitClose(WAIT);
            assertThat(close).as("a peer stalled in the middle of a frame").isNotNull();
            assertThat(close.closeCode()).isEqualTo(4000);
            assertThat(midFrame.awaitEndOfStream(WAIT)).isTrue();
        }
        assertThat(politeIsServed()).isTrue();
    }

    private List<Violation> violations() {
        byte[] hello = "{\"type\":\"message\",\"data\":1}".getBytes(StandardCharsets.UTF_8);
        List<Violation> violations = new ArrayList<>();
        violations.add(new Violation("RSV1 without an extension", frame(true, 4, TEXT, true, hello), 1002));
        violations.add(new Violation("RSV2", frame(true, 2, TEXT, true, hello), 1002));
        violations.add(new Violation("RSV3", frame(true, 1, BINARY, true, hello), 1002));
        violations.add(new Violation("RSV on a ping", frame(true, 4, PING, true, new byte[0]), 1002));
        violations.add(new Violation("reserved data opcode 3", frame(true, 0, 0x3, true, hello), 1002));
        violations.add(new Violation("reserved data opcode 7", frame(true, 0, 0x7, true, hello), 1002));
        violations.add(new Violation("reserved control opcode 0xB", frame(true, 0, 0xB, true, new byte[0]), 1002));
        violations.add(new Violation("reserved control opcode 0xF", frame(true, 0, 0xF, true, new byte[0]), 1002));
        violations.add(new Violation("an unmasked client frame", frame(true, 0, TEXT, false, hello), 1002));
        violations.add(new Violation("a fragmented ping", frame(false, 0, PING, true, new byte[0]), 1002));
        violations.add(new Violation(
                "a fragmented close", frame(false, 0, CLOSE, true, closePayload(1000, new byte[0])), 1002));
        violations.add(new Violation("a ping of 126 bytes", frame(true, 0, PING, true, new byte[126]), 1002));
        violations.add(new Violation(
                "a close of 126 bytes", frame(true, 0, CLOSE, true, closePayload(1000, new byte[124])), 1002));
        violations.add(new Violation(
                "a 64-bit length with the most significant bit set",
                frame(true, 0, BINARY, true, Long.MIN_VALUE + 5, new byte[0]),
                1002));
        violations.add(new Violation(
                "a length not in its minimal encoding",
                concat(new byte[] {(byte) 0x81, (byte) (0x80 | 126), 0, 5, 1, 2, 3, 4}, new byte[5]),
                1002));
        violations.add(
                new Violation("a continuation without a start", frame(true, 0, CONTINUATION, true, hello), 1002));
        violations.add(new Violation(
                "a new text frame inside a fragmented message",
                concat(
                        frame(false, 0, TEXT, true, "{\"type\":".getBytes(StandardCharsets.UTF_8)),
                        frame(true, 0, TEXT, true, hello)),
                1002));
        violations.add(new Violation(
                "a new binary frame inside a fragmented message",
                concat(frame(false, 0, BINARY, true, new byte[] {0, 0}), frame(true, 0, BINARY, true, new byte[] {1})),
                1002));
        violations.add(new Violation(
                "a close frame with a 1-byte payload", frame(true, 0, CLOSE, true, new byte[] {3}), 1002));
        violations.add(new Violation(
                "invalid UTF-8 in a text message",
                frame(true, 0, TEXT, true, new byte[] {'"', (byte) 0xC3, 0x28, '"'}),
                1007));
        violations.add(new Violation(
                "a UTF-8 surrogate",
                frame(true, 0, TEXT, true, new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}),
                1007));
        violations.add(new Violation(
                "an overlong UTF-8 encoding",
                frame(true, 0, TEXT, true, new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}),
                1007));
        violations.add(new Violation(
                "invalid UTF-8 in a later fragment",
                concat(
                        frame(false, 0, TEXT, true, "\"ok so far ".getBytes(StandardCharsets.UTF_8)),
                        frame(true, 0, CONTINUATION, true, new byte[] {(byte) 0xF8, (byte) 0x88, '"'})),
                1007));
        violations.add(new Violation(
                "a message ending inside a UTF-8 sequence",
                frame(true, 0, TEXT, true, new byte[] {'"', (byte) 0xE2, (byte) 0x82}),
                1007));
        violations.add(new Violation(
                "invalid UTF-8 in a close reason",
                frame(true, 0, CLOSE, true, closePayload(1000, new byte[] {(byte) 0xFF, (byte) 0xFE})),
                1007));
        violations.add(
                new Violation("a frame over the message size", frame(true, 0, BINARY, true, new byte[MAX + 1]), 1009));
        violations.add(new Violation(
                "a fragmented message over the message size",
                concat(
                        frame(false, 0, BINARY, true, new byte[MAX / 2 + 1]),
                        frame(true, 0, CONTINUATION, true, new byte[MAX / 2 + 1])),
                1009));
        return violations;
    }

    private RawPeer welcomedPeer() throws Exception {
        RawPeer peer = RawPeer.upgrade(base.getHost(), base.getPort(), "/ws");
        assertThat(peer.status()).isEqualTo(101);
        RawPeer.Frame welcome = peer.read(WAIT);
        assertThat(welcome).isNotNull();
        assertThat(JSON.readTree(welcome.text()).get("type").asText()).isEqualTo("welcome");
        return peer;
    }

    private boolean politeIsServed() throws Exception {
        String ref = "p" + ++politeMessages;
        polite.send("{\"type\":\"message\",\"ref\":\"" + ref + "\",\"data\":\"still here\"}");
        JsonNode answer = JSON.readTree(polite.frames().next(WAIT));
        return "ack".equals(answer.path("type").asText())
                && ref.equals(answer.path("ref").asText())
                && !polite.closeCode().isDone();
    }
}
