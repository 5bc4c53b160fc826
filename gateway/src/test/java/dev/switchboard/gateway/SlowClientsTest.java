package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.gateway.transport.OutboundTotals;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.RawWebSocket;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Thousands of clients that stop reading cost the node a bounded amount of memory: each is closed with 4008
 * once its outbound queue is full (in bytes, or in messages), the bytes waiting on the whole node never pass
 * connections times the per-connection bound, and a client that reads keeps getting everything.
 */
@QuarkusTest
@TestProfile(SlowClientsTest.SmallBuffers.class)
@WithTestResource(SharedInfrastructureResource.class)
class SlowClientsTest {

    /**
     * No pings (the stalled peers could not answer them), small kernel buffers, small queues; every client is
     * one user's (a JWT), so that one delivery to the user fans out to all of them, and the connection caps let
     * them all in from one address.
     */
    public static class SmallBuffers implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new JwtProfile().getConfigOverrides());
            overrides.putAll(Map.of(
                    "switchboard.gateway.websocket.ping-interval",
                    "PT10M",
                    "switchboard.gateway.outbound.socket-send-buffer-bytes",
                    "16384",
                    "switchboard.gateway.outbound.max-queued-bytes",
                    String.valueOf(MAX_QUEUED_BYTES),
                    "switchboard.gateway.outbound.max-queued-messages",
                    String.valueOf(MAX_QUEUED_MESSAGES),
                    "switchboard.gateway.limits.max-connections-per-ip",
                    String.valueOf(2 * SLOW_CLIENTS),
                    "switchboard.gateway.limits.max-connections-per-user",
                    String.valueOf(2 * SLOW_CLIENTS)));
            return overrides;
        }
    }

    /** The user every client of the test connects as. */
    private static final String USER = "storm";

    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TestTokens.user(USER));

    private static final int MAX_QUEUED_BYTES = 65_536;
    private static final int MAX_QUEUED_MESSAGES = 64;
    private static final int SLOW_CLIENTS = 2000;
    private static final int CLIENT_RECEIVE_BUFFER = 4096;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    OutboundTotals totals;

    @Inject
    MeterRegistry meters;

    private TestTopic deliveries;
    private final List<RawWebSocket> slow = new ArrayList<>();

    @BeforeEach
    void openTopic() {
        Readiness.await(base, WAIT);
        deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (RawWebSocket socket : slow) {
            socket.close();
        }
        slow.clear();
        deliveries.close();
    }

    @Test
    void thousandsOfStalledClientsAreClosedAndTheQueuedBytesStayBounded() throws Exception {
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            RawWebSocket socket =
                    RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", BEARER, CLIENT_RECEIVE_BUFFER);
            assertThat(socket.status()).isEqualTo(101);
            slow.add(socket);
        }
        double closedBefore = slowConsumerCloses();
        try (TestWebSocket reader = TestWebSocket.connect(ws(), BEARER)) {
            String readerId =
                    JSON.readTree(reader.frames().next(WAIT)).get("clientId").asText();
            awaitDeliveriesFlowing(reader, readerId);
            long heapConnected = usedHeapAfterGc();

            // 20 deliveries of 16 KiB to every device of the user: 320 KiB per connection, more
            // than the kernel buffers plus the 64 KiB queue a stalled one may fill. One at a time, as fast as the
            // reader takes them: a burst of all 20 would be more than the 64 KiB bound lets even a reader queue.
            byte[] chunk = ("\"" + "s".repeat(16 * 1024) + "\"").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                deliveries.send(SwitchboardEvents.userDelivery(ServiceSources.of("test", "t"), USER, chunk));
                assertThat(JSON.readTree(reader.frames().next(WAIT)).get("type").asText())
                        .isEqualTo("message");
            }
            await().atMost(WAIT).until(() -> slowConsumerCloses() - closedBefore >= SLOW_CLIENTS);
            // They never read their close frame: after the grace their connections are cut, which frees the rest.
            await().atMost(WAIT).until(() -> totals.queuedBytes() == 0 && webSocketConnections() == 1);
            long heapAfter = usedHeapAfterGc();

            Log.infof(
                    "%d stalled clients: heap %d MiB before connecting, %d MiB connected, %d MiB after the storm;"
                            + " at most %d KiB waited on the node at once",
                    SLOW_CLIENTS,
                    heapBefore >> 20,
                    heapConnected >> 20,
                    heapAfter >> 20,
                    totals.peakQueuedBytes() >> 10);
            assertThat(totals.peakQueuedBytes())
                    .as("bytes waiting on the node never pass connections x bound")
                    .isLessThanOrEqualTo((long) (SLOW_CLIENTS + 1) * MAX_QUEUED_BYTES);
            assertThat(heapAfter - heapBefore)
                    .as("nothing of the storm is retained")
                    .isLessThan(64L << 20);
            assertThat(reader.closeCode())
                    .as("the client that reads is still served")
                    .isNotDone();
        }
    }

    @Test
    void aStalledClientIsClosedWhenTooManyMessagesWaitEvenIfTheyAreSmall() throws Exception {
        WelcomedSocket client = connectWelcomed();
        RawWebSocket socket = client.socket();
        slow.add(socket);
        String clientId = JSON.readTree(client.welcome()).get("clientId").asText();
        double closedBefore = slowConsumerCloses();

        // 450 messages of about 125 bytes: under the byte bound even all together (~55 KiB), far over the
        // message bound once the small kernel buffers are full.
        deliveries.sendAll(IntStream.range(0, 450)
                .mapToObj(i -> SwitchboardEvents.clientDelivery(
                        ServiceSources.of("test", "t"), clientId, null, "1".getBytes(StandardCharsets.UTF_8)))
                .toList());
        // The peer reads nothing until the server has given up on it.
        await().atMost(WAIT).until(() -> slowConsumerCloses() > closedBefore);
        RawWebSocket.Frame frame;
        int messages = 0;
        do {
            frame = socket.read(WAIT);
            assertThat(frame).as("the server closes the stalled peer").isNotNull();
            messages += frame.opcode() == 0x1 ? 1 : 0;
        } while (frame.opcode() != 0x8);
        assertThat(frame.closeCode()).isEqualTo(4008);
        assertThat(messages).as("dropped, not buffered").isLessThan(450);
    }

    /** A raw client and its welcome frame. */
    private record WelcomedSocket(RawWebSocket socket, String welcome) {}

    /**
     * Connects as a client does (docs/protocol.md): a close with 1011 or 1013 at admission means the registry was
     * too slow (right after the previous test's 2,000 departures, on a loaded machine) — reconnect after a pause.
     */
    private WelcomedSocket connectWelcomed() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            RawWebSocket socket =
                    RawWebSocket.connect(base.getHost(), base.getPort(), "/ws", BEARER, CLIENT_RECEIVE_BUFFER);
            RawWebSocket.Frame first = socket.read(WAIT);
            boolean retry = first.opcode() == 0x8 && (first.closeCode() == 1011 || first.closeCode() == 1013);
            if (!retry) {
                return new WelcomedSocket(socket, new String(first.payload(), StandardCharsets.UTF_8));
            }
            socket.close();
            assertThat(System.nanoTime()).as("admitted within %s", WAIT).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /**
     * The node reads deliveries from the newest record on: what is sent before its consumer has its partitions is
     * never seen. A probe to the reader, sent again until one arrives, shows the consumer is live.
     */
    private void awaitDeliveriesFlowing(TestWebSocket reader, String readerId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), readerId, null, "\"probe\"".getBytes(StandardCharsets.UTF_8)));
            if (reader.frames().poll(Duration.ofSeconds(2)) != null) {
                // Probes sent meanwhile may still arrive; let them, then drop them.
                while (reader.frames().poll(Duration.ofSeconds(2)) != null) {
                    // dropped
                }
                return;
            }
        }
        throw new AssertionError("the node never delivered a probe");
    }

    private double slowConsumerCloses() {
        var counter = meters.find("switchboard.gateway.closes")
                .tag("reason", "slow_consumer")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double webSocketConnections() {
        return meters.find("switchboard.gateway.connections")
                .tag("transport", "websocket")
                .gauge()
                .value();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private URI ws() {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws");
    }
}
