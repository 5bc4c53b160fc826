package dev.switchboard.gateway.channel;

import static dev.switchboard.testsupport.clients.ChannelClient.subscribeFrame;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A namespace whose subscribe rule is {@code WORKER} ({@code club} in the test profile, decisions awaited 2 s): the
 * gateway puts each subscribe to the client's worker on the events topic and subscribes, or refuses with the worker's
 * reason, as the worker's decision on the reply topic says; no decision in time is a refusal the client may retry.
 * This test answers as worker-service does (ChannelMessages is the contract both sides use).
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class WorkerDecisionsTest {

    private static final Duration WAIT = ChannelClient.WAIT;
    private static final URI WORKER = ServiceSources.of("worker", "test-worker");

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws Exception {
        Readiness.await(base, WAIT);
    }

    @Test
    void theClientsWorkerDecidesWhetherItSubscribesAndItsReasonReachesTheClient() throws Exception {
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        try (TestTopic events = new TestTopic(bootstrap, Topics.EVENTS);
                TestTopic replies = new TestTopic(bootstrap, Topics.FETCH_RESPONSES);
                ChannelClient alice = ChannelClient.connect(base)) {
            String allowed = "club:chess-" + UUID.randomUUID();
            JsonNode subscribed = null;
            // The node's reply consumer starts from the newest record once it has its partitions: until then a
            // decision goes unseen and the subscribe times out, so the first one is asked again until one is seen.
            for (int attempt = 0; attempt < 5 && subscribed == null; attempt++) {
                alice.send(subscribeFrame(allowed));
                CloudEvent request = awaitRequest(events, alice, allowed);
                assertThat(SwitchboardEvents.userId(request)).isEqualTo(alice.userId());
                assertThat(SwitchboardEvents.extension(request, EventExtensions.REPLY_TO))
                        .hasValue(alice.node());
                replies.send(ChannelMessages.decisionEvent(WORKER, request, ChannelMessages.Decision.allow()));
                JsonNode answer = answer(alice);
                subscribed = "subscribed".equals(answer.get("type").asText()) ? answer : null;
            }
            assertThat(subscribed).as("subscribed once the worker allowed it").isNotNull();

            String refused = "club:poker-" + UUID.randomUUID();
            alice.send(subscribeFrame(refused));
            replies.send(ChannelMessages.decisionEvent(
                    WORKER, awaitRequest(events, alice, refused), ChannelMessages.Decision.refuse("members only")));
            JsonNode refusal = answer(alice);
            assertThat(refusal.get("type").asText()).isEqualTo("error");
            assertThat(refusal.get("code").asText()).isEqualTo("forbidden");
            assertThat(refusal.get("message").asText()).isEqualTo("the worker refused: members only");

            String unanswered = "club:go-" + UUID.randomUUID();
            alice.send(subscribeFrame(unanswered));
            awaitRequest(events, alice, unanswered);
            JsonNode timedOut = answer(alice);
            assertThat(timedOut.get("code").asText()).as(timedOut.toString()).isEqualTo("not-accepted");
            assertThat(timedOut.get("message").asText()).contains("did not decide within PT2S");
        }
    }

    private static CloudEvent awaitRequest(TestTopic events, ChannelClient client, String channel) {
        ConsumerRecord<String, CloudEvent> record = events.await(
                candidate ->
                        EventTypes.CHANNEL_SUBSCRIBE.equals(candidate.value().getType())
                                && client.clientId().equals(candidate.key())
                                && channel.equals(ChannelMessages.readSubscribe(candidate.value())
                                        .channel()),
                WAIT);
        return record.value();
    }

    /** The frame answering the subscribe (ref {@code s}). */
    private static JsonNode answer(ChannelClient client) throws Exception {
        return client.next(frame -> frame.contains("\"ref\":\"s\""));
    }
}
