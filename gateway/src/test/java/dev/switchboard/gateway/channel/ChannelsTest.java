package dev.switchboard.gateway.channel;

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
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestEventSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Channels on one gateway over the real broker: subscribe, publish, echo, namespace refusals, the per-connection
 * bound, recovery from a position (exactly what was missed) and the reset past history, unsubscribe, and SSE
 * subscriptions named on connect or POSTed. The test profile configures {@code chat} (public, history 5) and
 * {@code live} (public, no history); the built-in {@code user} namespace is private.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class ChannelsTest {

    private static final Duration WAIT = ChannelClient.WAIT;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws Exception {
        Readiness.await(base, WAIT);
        ChannelClient.awaitFeedLive(base);
    }

    @Test
    void everySubscriberButThePublisherGetsAPublicationUnlessThePublisherAsksForItsEcho() throws Exception {
        String channel = "live:room-" + UUID.randomUUID();
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base)) {
            alice.subscribe(channel);
            bob.subscribe(channel);

            JsonNode ack = alice.request(publish(channel, 1, false));
            assertThat(ack.get("type").asText()).isEqualTo("ack");
            JsonNode toBob = bob.nextPublication();
            assertThat(toBob.get("channel").asText()).isEqualTo(channel);
            assertThat(toBob.get("data").get("n").asInt()).isEqualTo(1);
            assertThat(toBob.get("eventId").asText())
                    .isEqualTo(ack.get("eventId").asText());
            assertThat(toBob.has("position"))
                    .as("a channel without history has no positions")
                    .isFalse();

            alice.request(publish(channel, 2, true));
            assertThat(alice.nextPublication().get("data").get("n").asInt())
                    .as("the publisher's first publication is the one it asked to echo")
                    .isEqualTo(2);
            assertThat(bob.nextPublication().get("data").get("n").asInt()).isEqualTo(2);
        }
    }

    @Test
    void namespaceRulesRefuseWithTheirCodeAndTheConnectionStaysUsable() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base)) {
            assertThat(refusal(alice, subscribeFrame("user:" + bob.userId())))
                    .as("another user's private channel")
                    .isEqualTo("forbidden");
            assertThat(refusal(alice, publish("user:" + alice.userId(), 1, false)))
                    .as("a user channel is published to by the server only")
                    .isEqualTo("forbidden");
            assertThat(refusal(alice, subscribeFrame("nowhere:x"))).isEqualTo("unknown-channel");
            assertThat(refusal(alice, subscribeFrame("live:has space"))).isEqualTo("bad-frame");
            assertThat(refusal(alice, "{\"type\":\"subscribe\",\"channel\":7,\"ref\":\"r\"}"))
                    .isEqualTo("bad-frame");
            assertThat(refusal(
                            alice, "{\"type\":\"subscribe\",\"channel\":\"chat:a\",\"since\":\"soon\",\"ref\":\"r\"}"))
                    .isEqualTo("bad-frame");
            assertThat(refusal(alice, "{\"type\":\"publish\",\"channel\":\"live:a\",\"ref\":\"r\"}"))
                    .as("a publish without data")
                    .isEqualTo("bad-frame");

            JsonNode own = alice.request(subscribeFrame("user:" + alice.userId()));
            assertThat(own.get("type").asText()).as("its own private channel").isEqualTo("subscribed");
        }
    }

    @Test
    void aConnectionHoldsAtMostItsBoundOfChannels() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base)) {
            String prefix = "live:many-" + UUID.randomUUID() + "-";
            for (int i = 0; i < 4; i++) {
                alice.subscribe(prefix + i);
            }
            assertThat(refusal(alice, subscribeFrame(prefix + 4))).isEqualTo("too-many-channels");
            assertThat(alice.request(subscribeFrame(prefix + 0)).get("type").asText())
                    .as("subscribing again to a channel it holds")
                    .isEqualTo("subscribed");
            alice.request("{\"type\":\"unsubscribe\",\"channel\":\"" + prefix + "0\",\"ref\":\"u\"}");
            assertThat(alice.request(subscribeFrame(prefix + 4)).get("type").asText())
                    .isEqualTo("subscribed");
        }
    }

    @Test
    void aSubscriberBackWithItsPositionGetsExactlyWhatItMissedAndAResetOnceHistoryNoLongerHasIt() throws Exception {
        String channel = "chat:recovery-" + UUID.randomUUID();
        try (ChannelClient publisher = ChannelClient.connect(base)) {
            String lastSeen;
            try (ChannelClient first = ChannelClient.connect(base)) {
                JsonNode subscribed = first.subscribe(channel);
                assertThat(subscribed.has("position"))
                        .as("a channel with history says where it is")
                        .isTrue();
                assertThat(subscribed.has("recovered"))
                        .as("nothing to recover without since")
                        .isFalse();
                publisher.request(publish(channel, 1, false));
                publisher.request(publish(channel, 2, false));
                assertThat(first.nextPublication().get("data").get("n").asInt()).isEqualTo(1);
                JsonNode second = first.nextPublication();
                assertThat(second.get("data").get("n").asInt()).isEqualTo(2);
                lastSeen = second.get("position").asText();
            }
            for (int n = 3; n <= 5; n++) {
                publisher.request(publish(channel, n, false));
            }

            try (ChannelClient back = ChannelClient.connect(base)) {
                JsonNode subscribed = back.request(subscribeFrom(channel, lastSeen));
                assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
                assertThat(subscribed.get("recovered").asBoolean()).isTrue();
                publisher.request(publish(channel, 6, false));
                List<Integer> received = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    received.add(back.nextPublication().get("data").get("n").asInt());
                }
                assertThat(received).as("what it missed, in order, then live").containsExactly(3, 4, 5, 6);
                assertThat(back.noMorePublications()).as("nothing twice").isTrue();
            }

            publisher.request(publish(channel, 7, false));
            publisher.request(publish(channel, 8, false));
            try (ChannelClient late = ChannelClient.connect(base)) {
                // Six publications after lastSeen: one more than the namespace's history-size.
                late.send(subscribeFrom(channel, lastSeen));
                JsonNode reset = late.next();
                assertThat(reset.get("type").asText()).isEqualTo("reset");
                assertThat(reset.get("channel").asText()).isEqualTo(channel);
                assertThat(reset.get("reason").asText()).isNotBlank();
                JsonNode subscribed = late.next();
                assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
                assertThat(subscribed.get("recovered").asBoolean()).isFalse();
                publisher.request(publish(channel, 9, false));
                assertThat(late.nextPublication().get("data").get("n").asInt())
                        .as("live after the reset")
                        .isEqualTo(9);
            }
        }
    }

    @Test
    void aPositionInAChannelWithoutHistoryIsAnsweredWithAReset() throws Exception {
        String channel = "live:nohistory-" + UUID.randomUUID();
        try (ChannelClient alice = ChannelClient.connect(base)) {
            alice.send(subscribeFrom(channel, "0:5"));
            JsonNode reset = alice.next();
            assertThat(reset.get("type").asText()).isEqualTo("reset");
            assertThat(reset.get("channel").asText()).isEqualTo(channel);
            JsonNode subscribed = alice.next();
            assertThat(subscribed.get("recovered").asBoolean()).isFalse();
        }
    }

    @Test
    void anUnsubscribedConnectionGetsNothingMoreOfTheChannel() throws Exception {
        String channel = "live:leave-" + UUID.randomUUID();
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base)) {
            alice.subscribe(channel);
            bob.subscribe(channel);
            JsonNode unsubscribed =
                    bob.request("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\",\"ref\":\"u\"}");
            assertThat(unsubscribed.get("type").asText()).isEqualTo("unsubscribed");
            assertThat(unsubscribed.get("channel").asText()).isEqualTo(channel);

            alice.request(publish(channel, 1, true));
            assertThat(alice.nextPublication().get("data").get("n").asInt()).isEqualTo(1);
            assertThat(bob.noMorePublications()).isTrue();
        }
    }

    @Test
    void presenceListsWhoIsSubscribedAndTheOthersSeeJoinsAndLeaves() throws Exception {
        String channel = "room:presence-" + UUID.randomUUID();
        try (ChannelClient alice = ChannelClient.connect(base);
                ChannelClient bob = ChannelClient.connect(base)) {
            alice.subscribe(channel);
            bob.subscribe(channel);
            JsonNode join = alice.next(frame -> frame.contains("\"type\":\"join\""));
            assertThat(join.get("channel").asText()).isEqualTo(channel);
            assertThat(join.get("userId").asText()).isEqualTo(bob.userId());

            JsonNode presence = alice.request("{\"type\":\"presence\",\"channel\":\"" + channel + "\",\"ref\":\"w\"}");
            assertThat(presence.get("type").asText()).isEqualTo("presence");
            assertThat(presence.get("clients").findValuesAsText("userId"))
                    .as("the oldest joined first")
                    .containsExactly(alice.userId(), bob.userId());
            assertThat(presence.get("more").asBoolean()).isFalse();

            try (ChannelClient carol = ChannelClient.connect(base)) {
                carol.subscribe(channel);
                JsonNode bounded = bob.request("{\"type\":\"presence\",\"channel\":\"" + channel + "\",\"ref\":\"w\"}");
                assertThat(bounded.get("clients"))
                        .as("max-presence-listed is 2 in the tests")
                        .hasSize(2);
                assertThat(bounded.get("more").asBoolean()).isTrue();
            }
            JsonNode carolLeft = alice.next(frame -> frame.contains("\"type\":\"leave\""));
            assertThat(carolLeft.get("channel").asText())
                    .as("a closed connection leaves")
                    .isEqualTo(channel);

            bob.request("{\"type\":\"unsubscribe\",\"channel\":\"" + channel + "\",\"ref\":\"u\"}");
            JsonNode bobLeft = alice.next(frame -> frame.contains("\"type\":\"leave\""));
            assertThat(bobLeft.get("userId").asText()).isEqualTo(bob.userId());
            assertThat(alice.request("{\"type\":\"presence\",\"channel\":\"" + channel + "\",\"ref\":\"w\"}")
                            .get("clients")
                            .findValuesAsText("userId"))
                    .containsExactly(alice.userId());

            JsonNode none = alice.request("{\"type\":\"presence\",\"channel\":\"live:x\",\"ref\":\"w\"}");
            assertThat(none.get("code").asText())
                    .as("a namespace without presence")
                    .isEqualTo("bad-frame");
            JsonNode private_ =
                    alice.request("{\"type\":\"presence\",\"channel\":\"user:" + bob.userId() + "\",\"ref\":\"w\"}");
            assertThat(private_.get("code").asText())
                    .as("who may not subscribe may not look")
                    .isEqualTo("forbidden");
        }
    }

    @Test
    void anEventStreamSubscribesOnConnectAndByPostAndGetsPublications() throws Exception {
        String named = "live:sse-" + UUID.randomUUID();
        String posted = "chat:sse-" + UUID.randomUUID();
        try (ChannelClient publisher = ChannelClient.connect(base);
                TestEventSource stream = TestEventSource.open(
                        base.resolve("/sse?subscribe=" + URLEncoder.encode(named, StandardCharsets.UTF_8)))) {
            JsonNode welcome = JSON.readTree(stream.events().next(WAIT).data());
            TestEventSource.Event subscribed = stream.events().next(WAIT);
            assertThat(subscribed.type()).isEqualTo("subscribed");
            assertThat(JSON.readTree(subscribed.data()).get("channel").asText()).isEqualTo(named);

            publisher.request(publish(named, 1, false));
            TestEventSource.Event publication = stream.events().next(WAIT);
            assertThat(publication.type()).isEqualTo("publication");
            assertThat(JSON.readTree(publication.data()).get("data").get("n").asInt())
                    .isEqualTo(1);

            Map<String, String> proof = Map.of(
                    "Authorization", "Bearer " + welcome.get("anonymousToken").asText());
            String messages = "/clients/" + welcome.get("clientId").asText() + "/messages";
            HttpResponse<String> subscribe =
                    post(messages, proof, "{\"type\":\"subscribe\",\"channel\":\"" + posted + "\",\"ref\":\"p1\"}");
            assertThat(subscribe.statusCode()).as("answered down the stream").isEqualTo(204);
            JsonNode postedSubscribed = JSON.readTree(stream.events().next(WAIT).data());
            assertThat(postedSubscribed.get("type").asText()).isEqualTo("subscribed");
            assertThat(postedSubscribed.get("ref").asText()).isEqualTo("p1");

            HttpResponse<String> unknown =
                    post(messages, proof, "{\"type\":\"publish\",\"channel\":\"nowhere:x\",\"data\":1,\"ref\":\"p2\"}");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(ProblemBodies.typeOf(unknown)).isEqualTo(ProblemType.UNKNOWN_CHANNEL);
            assertThat(post(messages, Map.of(), "{\"type\":\"subscribe\",\"channel\":\"" + posted + "\"}")
                            .statusCode())
                    .as("no credential")
                    .isEqualTo(401);
        }
    }

    private static String refusal(ChannelClient client, String frame) throws Exception {
        JsonNode error = client.request(frame);
        assertThat(error.get("type").asText()).as(error.toString()).isEqualTo("error");
        assertThat(error.get("message").asText()).isNotBlank();
        return error.get("code").asText();
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
