package dev.switchboard.gateway.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * MessageChannel ports on one gateway over the real broker and Hazelcast member, the pair given to two clients as
 * worker-service gives it (the port records in the grid, then a delivery naming the ports): each holder starts its
 * port, messages go both ways in order, a port started again from a position recovers what came after it, only the
 * holder may start, post on or close a port, closing one end closes both, and a port dies with its holder once the
 * holder's resume window is over.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class MessagePortsTest {

    private static final Duration WAIT = ChannelClient.WAIT;
    private static final URI WORKER = ServiceSources.of("worker", "test-worker");

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws Exception {
        Readiness.await(base, WAIT);
        ChannelClient.awaitFeedLive(base);
    }

    private static IMap<String, PortRecord> ports() {
        return SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.MESSAGE_PORTS);
    }

    /** A new pair, one port held by each client, where the worker would leave it. */
    private static List<String> pair(ChannelClient first, ChannelClient second) {
        List<String> pair = MessagePorts.newPair();
        ports().set(pair.get(0), new PortRecord(pair.get(0), PortRecord.client(first.clientId()), ""));
        ports().set(pair.get(1), new PortRecord(pair.get(1), PortRecord.client(second.clientId()), ""));
        return pair;
    }

    @Test
    void theHoldersOfAPairTalkBothWaysInOrderAndRecoverFromAPosition() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            List<String> pair = pair(alice, bob);
            deliveries.send(CloudEventBuilder.v1(SwitchboardEvents.clientDelivery(
                            WORKER, bob.clientId(), null, "{\"call\":\"me\"}".getBytes(StandardCharsets.UTF_8)))
                    .withExtension(EventExtensions.PORTS, pair.get(1))
                    .build());
            JsonNode handed = bob.next(frame -> frame.contains("\"call\""));
            assertThat(handed.get("ports")).hasSize(1);
            assertThat(handed.get("ports").get(0).asText()).isEqualTo(pair.get(1));

            assertThat(alice.request(start(pair.get(0), null)).get("type").asText())
                    .isEqualTo("port-started");
            JsonNode bobStarted = bob.request(start(pair.get(1), null));
            assertThat(bobStarted.get("type").asText()).isEqualTo("port-started");
            for (int n = 1; n <= 3; n++) {
                assertThat(alice.request(post(pair.get(0), n)).get("type").asText())
                        .isEqualTo("ack");
            }
            List<JsonNode> received = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                received.add(bob.next(frame -> frame.contains("\"port-message\"")));
            }
            assertThat(received)
                    .extracting(frame -> frame.get("data").get("n").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(received)
                    .allSatisfy(frame -> assertThat(frame.get("port").asText()).isEqualTo(pair.get(1)));
            bob.request(post(pair.get(1), 10));
            assertThat(alice.next(frame -> frame.contains("\"port-message\""))
                            .get("data")
                            .get("n")
                            .asInt())
                    .isEqualTo(10);

            // Started again from the first message's position: exactly what came after it.
            JsonNode restarted = bob.request(
                    start(pair.get(1), received.get(0).get("position").asText()));
            assertThat(restarted.get("recovered").asBoolean())
                    .as(restarted.toString())
                    .isTrue();
            assertThat(List.of(
                            bob.next(frame -> frame.contains("\"port-message\"")),
                            bob.next(frame -> frame.contains("\"port-message\""))))
                    .extracting(frame -> frame.get("data").get("n").asInt())
                    .containsExactly(2, 3);
        }
    }

    @Test
    void onlyTheHolderStartsPostsOnOrClosesAPortAndClosingOneEndClosesBoth() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base);
                ChannelClient mallory = ChannelClient.connect(base)) {
            List<String> pair = pair(alice, bob);
            assertThat(mallory.request(start(pair.get(0), null)).get("code").asText())
                    .isEqualTo("unknown-port");
            assertThat(alice.request(post(pair.get(0), 1)).get("code").asText())
                    .as("not started on this connection")
                    .isEqualTo("unknown-port");
            assertThat(alice.request("{\"type\":\"port-start\",\"port\":\"nope\",\"ref\":\"q\"}")
                            .get("code")
                            .asText())
                    .isEqualTo("bad-frame");
            alice.request(start(pair.get(0), null));
            bob.request(start(pair.get(1), null));
            assertThat(alice.request(post(pair.get(1), 1)).get("code").asText())
                    .as("bob's end")
                    .isEqualTo("unknown-port");
            assertThat(mallory.request(close(pair.get(0))).get("code").asText()).isEqualTo("unknown-port");

            assertThat(bob.request(close(pair.get(1))).get("type").asText()).isEqualTo("ack");
            assertThat(alice.next(frame -> frame.contains("\"port-closed\""))
                            .get("port")
                            .asText())
                    .isEqualTo(pair.get(0));
            assertThat(bob.next(frame -> frame.contains("\"port-closed\""))
                            .get("port")
                            .asText())
                    .isEqualTo(pair.get(1));
            assertThat(ports().containsKey(pair.get(0)) || ports().containsKey(pair.get(1)))
                    .isFalse();
            assertThat(alice.request(post(pair.get(0), 2)).get("code").asText()).isEqualTo("unknown-port");
        }
    }

    @Test
    void aClientOpensAChannelOfItsOwnAndPassesAPortToItsWorker() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base);
                TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS)) {
            JsonNode opened = alice.request("{\"type\":\"port-open\",\"ref\":\"o\"}");
            assertThat(opened.get("type").asText()).as(opened.toString()).isEqualTo("port-opened");
            String kept = opened.get("ports").get(0).asText();
            String passed = opened.get("ports").get(1).asText();
            assertThat(MessagePorts.peerOf(kept)).isEqualTo(passed);
            alice.request(start(kept, null));
            alice.request(start(passed, null));
            alice.request(post(kept, 1));
            JsonNode toItself = alice.next(frame -> frame.contains("\"port-message\""));
            assertThat(toItself.get("port").asText()).isEqualTo(passed);

            assertThat(alice.request("{\"type\":\"message\",\"data\":1,\"ports\":[\"nope\"],\"ref\":\"b\"}")
                            .get("code")
                            .asText())
                    .isEqualTo("bad-frame");
            JsonNode ack = alice.request(
                    "{\"type\":\"message\",\"data\":{\"call\":\"bob\"},\"ports\":[\"" + passed + "\"],\"ref\":\"t\"}");
            assertThat(ack.get("type").asText()).as(ack.toString()).isEqualTo("ack");
            String eventId = ack.get("eventId").asText();
            CloudEvent message = events.await(record -> record.value().getId().equals(eventId), WAIT)
                    .value();
            assertThat(SwitchboardEvents.extension(message, EventExtensions.PORTS))
                    .hasValue(passed);
            PortRecord held = ports().get(passed);
            assertThat(held.holder()).isEqualTo(PortRecord.event(eventId));
            assertThat(held.since())
                    .as("the worker's holder reads on after what alice was sent")
                    .isEqualTo(toItself.get("position").asText());
            assertThat(alice.request(post(passed, 2)).get("code").asText())
                    .as("no longer alice's")
                    .isEqualTo("unknown-port");
        }
    }

    @Test
    void aPortDiesWithItsHolderOnceItsResumeWindowIsOver() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base)) {
            List<String> pair = MessagePorts.newPair();
            String gone = "client-gone-" + pair.get(0);
            ports().set(pair.get(0), new PortRecord(pair.get(0), PortRecord.client(alice.clientId()), ""));
            ports().set(pair.get(1), new PortRecord(pair.get(1), PortRecord.client(gone), ""));
            alice.request(start(pair.get(0), null));
            // The gone client's resume window: its owner entry, expiring now. Hazelcast's background sweep finds an
            // expired entry within seconds to minutes (longer in a large map, as in a whole test run); an entry read
            // after its time is expired at once, so the test reads it until it is gone.
            IMap<String, String> owners =
                    SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENT_OWNERS);
            owners.set(gone, "someone", 1, TimeUnit.SECONDS);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !owners.containsKey(gone));
            assertThat(alice.next(frame -> frame.contains("\"port-closed\""))
                            .get("port")
                            .asText())
                    .isEqualTo(pair.get(0));
            assertThat(ports().containsKey(pair.get(1))).isFalse();
        }
    }

    @Test
    void aPortAnEventHeldForTooLongExpiresAndItsOtherEndCloses() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base)) {
            List<String> pair = MessagePorts.newPair();
            ports().set(pair.get(0), new PortRecord(pair.get(0), PortRecord.client(alice.clientId()), ""));
            alice.request(start(pair.get(0), null));
            // Passed to an event that never succeeds: it may hold the port for its holding time only (here 1 s).
            ports().set(
                            pair.get(1),
                            new PortRecord(pair.get(1), PortRecord.event("never-succeeds"), ""),
                            1,
                            TimeUnit.SECONDS);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !ports().containsKey(pair.get(1)));
            assertThat(alice.next(frame -> frame.contains("\"port-closed\""))
                            .get("port")
                            .asText())
                    .isEqualTo(pair.get(0));
            await().atMost(WAIT).until(() -> !ports().containsKey(pair.get(0)));
        }
    }

    private static String start(String port, String since) {
        return "{\"type\":\"port-start\",\"port\":\"" + port + "\""
                + (since == null ? "" : ",\"since\":\"" + since + "\"") + ",\"ref\":\"s" + port + "\"}";
    }

    private static String post(String port, int n) {
        return "{\"type\":\"port-message\",\"port\":\"" + port + "\",\"data\":{\"n\":" + n + "},\"ref\":\"m" + n
                + "\"}";
    }

    private static String close(String port) {
        return "{\"type\":\"port-close\",\"port\":\"" + port + "\",\"ref\":\"c\"}";
    }
}
