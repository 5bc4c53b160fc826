package dev.switchboard.local;

import static dev.switchboard.testsupport.clients.ChannelClient.publish;
import static dev.switchboard.testsupport.clients.ChannelClient.subscribeFrame;
import static dev.switchboard.testsupport.clients.ChannelClient.subscribeFrom;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ChannelClient;

/**
 * Channels across two gateway processes and a worker process on a real broker and real Hazelcast: a public channel
 * with a thousand subscribers over both nodes gets every publication once to each, in order; a subscriber recovers
 * exactly what it missed on the other node, also after the node it was on was SIGKILLed; a user's private channel
 * is refused to other users, and what the server sends to it reaches each of the user's devices, the one that was
 * offline included when it comes back; presence joins and leaves reach the other nodes, and a dead node's clients
 * leave.
 */
class ChannelsIT {

    private static final Logger LOG = Logger.getLogger(ChannelsIT.class);
    private static final int SUBSCRIBERS = 1_000;
    private static final int PUBLICATIONS = 20;

    private final MultiNodeFixture suite = MultiNodeFixture.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private URI gatewayA;
    private URI gatewayB;

    @BeforeEach
    void feedsLive() throws Exception {
        gatewayA = suite.http(suite.gatewayA, "/");
        gatewayB = suite.http(suite.gatewayB, "/");
        ChannelClient.awaitFeedLive(gatewayA);
        ChannelClient.awaitFeedLive(gatewayB);
    }

    @Test
    void aThousandSubscribersOverBothNodesGetEveryPublicationOnceInOrder() throws Exception {
        String channel = "live:fanout-" + UUID.randomUUID();
        List<ChannelClient> subscribers = new ArrayList<>(SUBSCRIBERS);
        try (ChannelClient publisher = ChannelClient.connect(gatewayA)) {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                ChannelClient subscriber = ChannelClient.connect(i % 2 == 0 ? gatewayA : gatewayB);
                subscribers.add(subscriber);
                subscriber.subscribe(channel);
            }
            for (int n = 1; n <= PUBLICATIONS + 1; n++) {
                publisher.request(publish(channel, n, false));
            }
            for (ChannelClient subscriber : subscribers) {
                List<Integer> received = new ArrayList<>(PUBLICATIONS + 1);
                for (int i = 0; i <= PUBLICATIONS; i++) {
                    received.add(
                            subscriber.nextPublication().get("data").get("n").asInt());
                }
                // The last one is a marker: a repeat of any other would have come before it.
                assertThat(received)
                        .as("subscriber on %s", subscriber.node())
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, PUBLICATIONS + 1)
                                .boxed()
                                .toList());
            }
            LOG.infof(
                    "fan-out: %d publications to %d subscribers over two nodes, each once, in order%n%s%n%s",
                    PUBLICATIONS,
                    SUBSCRIBERS,
                    suite.metrics(suite.gatewayA, "switchboard_gateway_channel"),
                    suite.metrics(suite.gatewayB, "switchboard_gateway_channel"));
        } finally {
            subscribers.forEach(ChannelClient::close);
        }
    }

    @Test
    void aSubscriberRecoversExactlyWhatItMissedOnTheOtherNodeAlsoAfterItsNodeWasKilled() throws Exception {
        String channel = "chat:recovery-" + UUID.randomUUID();
        ServiceProcess doomed = suite.startExtraGateway("gateway-channels-doomed");
        URI doomedUri = suite.http(doomed, "/");
        ChannelClient.awaitFeedLive(doomedUri);
        try (ChannelClient publisher = ChannelClient.connect(gatewayB)) {
            String lastSeen;
            ChannelClient onDoomed = ChannelClient.connect(doomedUri);
            try {
                onDoomed.subscribe(channel);
                publisher.request(publish(channel, 1, false));
                publisher.request(publish(channel, 2, false));
                onDoomed.nextPublication();
                lastSeen = onDoomed.nextPublication().get("position").asText();
                doomed.kill();
            } finally {
                onDoomed.close();
            }
            for (int n = 3; n <= 5; n++) {
                publisher.request(publish(channel, n, false));
            }
            String lastAfterKill;
            try (ChannelClient onA = ChannelClient.connect(gatewayA)) {
                JsonNode subscribed = onA.request(subscribeFrom(channel, lastSeen));
                assertThat(subscribed.get("recovered").asBoolean())
                        .as(subscribed.toString())
                        .isTrue();
                assertThat(numbers(onA, 3))
                        .as("after its node died: exactly what it missed")
                        .containsExactly(3, 4, 5);
                assertThat(onA.noMorePublications()).as("nothing twice").isTrue();
                publisher.request(publish(channel, 6, false));
                JsonNode sixth = onA.nextPublication();
                assertThat(sixth.get("data").get("n").asInt()).isEqualTo(6);
                lastAfterKill = sixth.get("position").asText();
            }
            publisher.request(publish(channel, 7, false));
            try (ChannelClient onB = ChannelClient.connect(gatewayB)) {
                assertThat(onB.request(subscribeFrom(channel, lastAfterKill))
                                .get("recovered")
                                .asBoolean())
                        .isTrue();
                assertThat(numbers(onB, 1))
                        .as("after a plain reconnect to the other node")
                        .containsExactly(7);
                assertThat(onB.noMorePublications()).isTrue();
            }
        } finally {
            doomed.kill();
        }
    }

    @Test
    void aUsersPrivateChannelIsItsAloneAndReachesEachOfItsDevicesTheOfflineOneOnReturn() throws Exception {
        List<ChannelClient> devices = new ArrayList<>();
        try {
            // Three users with two devices each, one on each node.
            for (int user = 0; user < 3; user++) {
                ChannelClient first = ChannelClient.connect(gatewayA);
                devices.add(first);
                devices.add(ChannelClient.connect(gatewayB, first));
            }
            for (ChannelClient device : devices) {
                device.subscribe("user:" + device.userId());
            }
            ChannelClient alice = devices.get(0);
            ChannelClient alicesOther = devices.get(1);
            ChannelClient bob = devices.get(2);
            assertThat(alicesOther.userId()).isEqualTo(alice.userId());
            JsonNode refused = alice.request(subscribeFrame("user:" + bob.userId()));
            assertThat(refused.get("type").asText()).isEqualTo("error");
            assertThat(refused.get("code").asText()).isEqualTo("forbidden");

            assertThat(serverPublish("user:" + alice.userId(), "{\"n\":1}").statusCode())
                    .isEqualTo(202);
            assertThat(alice.nextPublication().get("data").get("n").asInt()).isEqualTo(1);
            String lastSeen = alicesOther.nextPublication().get("position").asText();
            alicesOther.close();

            assertThat(serverPublish("user:" + alice.userId(), "{\"n\":2}").statusCode())
                    .isEqualTo(202);
            assertThat(alice.nextPublication().get("data").get("n").asInt()).isEqualTo(2);
            try (ChannelClient back = ChannelClient.connect(gatewayB, alice)) {
                assertThat(back.request(subscribeFrom("user:" + alice.userId(), lastSeen))
                                .get("recovered")
                                .asBoolean())
                        .isTrue();
                assertThat(numbers(back, 1))
                        .as("the device that was offline, on its return")
                        .containsExactly(2);
            }
            for (ChannelClient other : devices.subList(2, devices.size())) {
                assertThat(other.noMorePublications())
                        .as("another user's device")
                        .isTrue();
            }
        } finally {
            devices.forEach(ChannelClient::close);
        }
    }

    @Test
    void joinsAndLeavesAreSeenOnTheOtherNodesAndADeadNodesClientsLeave() throws Exception {
        String channel = "room:presence-" + UUID.randomUUID();
        ServiceProcess doomed = suite.startExtraGateway("gateway-presence-doomed");
        URI doomedUri = suite.http(doomed, "/");
        ChannelClient.awaitFeedLive(doomedUri);
        try (ChannelClient onA = ChannelClient.connect(gatewayA);
                ChannelClient onB = ChannelClient.connect(gatewayB)) {
            onA.subscribe(channel);
            onB.subscribe(channel);
            // A join is announced after its subscribe is answered: one may reach a client that subscribed later.
            assertThat(onA.next(frame -> isPresence(frame, "join", onB))
                            .get("channel")
                            .asText())
                    .isEqualTo(channel);
            ChannelClient onDoomed = ChannelClient.connect(doomedUri);
            try {
                onDoomed.subscribe(channel);
                assertThat(onB.next(frame -> isPresence(frame, "join", onDoomed))
                                .get("channel")
                                .asText())
                        .as("a join on the third node")
                        .isEqualTo(channel);
                JsonNode presence =
                        onB.request("{\"type\":\"presence\",\"channel\":\"" + channel + "\",\"ref\":\"w\"}");
                assertThat(presence.get("clients").findValuesAsText("userId"))
                        .as("everyone, the oldest first")
                        .containsExactly(onA.userId(), onB.userId(), onDoomed.userId());
                doomed.kill();
            } finally {
                onDoomed.close();
            }
            // The remaining nodes sweep the dead one's presence once it has expired (node-expiry 4 s here).
            JsonNode left = onA.next(frame -> isPresence(frame, "leave", onDoomed));
            assertThat(left.get("channel").asText())
                    .as("the dead node's client left")
                    .isEqualTo(channel);
            assertThat(onA.request("{\"type\":\"presence\",\"channel\":\"" + channel + "\",\"ref\":\"w\"}")
                            .get("clients")
                            .findValuesAsText("userId"))
                    .containsExactly(onA.userId(), onB.userId());
        } finally {
            doomed.kill();
        }
    }

    private static boolean isPresence(String frame, String type, ChannelClient who) {
        return frame.contains("\"type\":\"" + type + "\"") && frame.contains("\"userId\":\"" + who.userId() + "\"");
    }

    private HttpResponse<String> serverPublish(String channel, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(suite.http(
                                suite.worker(),
                                "/channels/" + URLEncoder.encode(channel, StandardCharsets.UTF_8) + "/publications"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestTokens.bearer(TestTokens.publisher()))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> numbers(ChannelClient client, int count) throws Exception {
        List<Integer> numbers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            numbers.add(client.nextPublication().get("data").get("n").asInt());
        }
        return numbers;
    }
}
