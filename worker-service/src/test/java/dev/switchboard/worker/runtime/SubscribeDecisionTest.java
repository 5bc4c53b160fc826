package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.Registrations;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.worker.engine.Outcome;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * {@code onSubscribe} on a real Hazelcast member: a subscribe goes to the version controlling the client, and its
 * decision goes back to the gateway node that asked (keyed by it, in reply to the request) whichever way the handler
 * ended: allowed, refused with its reason, refused when it failed or decided nothing (the built-in echo worker has no
 * {@code onSubscribe}).
 */
class SubscribeDecisionTest extends OneNodeFixture {

    private static final String ASKING_NODE = "gateway-asking";

    @Test
    void theControllingVersionDecidesAndTheAskingNodeHearsItWhicheverWayTheHandlerEnds() {
        String version = node.runtime()
                .bundles()
                .publish(
                        script,
                        TestBundles.probe(
                                "name", "s" + UUID.randomUUID().toString().substring(0, 8)));
        String id = node.runtime()
                .lifecycle()
                .register(script, null, null, null, null)
                .id();
        awaitState(node, id, version, LifecycleState.ACTIVATED);
        String client = connect(node, scope + "page.html", "alice", "window");
        await().atMost(WAIT).until(() -> version.equals(controllerOf(node, client)));

        assertThat(decide(client, version, "club:open")).isEqualTo(ChannelMessages.Decision.allow());
        assertThat(decide(client, version, "club:closed"))
                .isEqualTo(ChannelMessages.Decision.refuse("closed to alice"));
        assertThat(decide(client, version, "club:fail").allowed()).isFalse();
        assertThat(decide(client, version, "club:fail").reason()).isEqualTo("the worker's onSubscribe failed");
        assertThat(decide(client, version, "club:other"))
                .isEqualTo(ChannelMessages.Decision.refuse("the worker's onSubscribe did not allow it"));
        assertThat(decide(connect(node, "https://elsewhere.example/", "bob", "window"), null, "club:open"))
                .as("the echo worker has no onSubscribe")
                .isEqualTo(ChannelMessages.Decision.refuse("the worker's onSubscribe did not allow it"));
    }

    /** Handles the subscribe of {@code client} to {@code channel} and reads the decision it answers with. */
    private static ChannelMessages.Decision decide(String client, String controller, String channel) {
        CloudEvent request = ChannelMessages.subscribeEvent(
                GATEWAY,
                client,
                controller == null ? "bob" : "alice",
                Registrations.ECHO,
                ASKING_NODE,
                new ChannelMessages.SubscribeRequest(channel));
        if (controller != null) {
            request = CloudEventBuilder.v1(request)
                    .withExtension(EventExtensions.WORKER_VERSION, controller)
                    .build();
        }
        Outcome outcome = node.handle(request);
        CloudEvent answer = outcome.outgoing().get(outcome.outgoing().size() - 1);
        assertThat(answer.getType()).isEqualTo(EventTypes.CHANNEL_DECISION);
        assertThat(SwitchboardEvents.key(answer)).isEqualTo(ASKING_NODE);
        assertThat(SwitchboardEvents.extension(answer, EventExtensions.IN_REPLY_TO))
                .hasValue(request.getId());
        return ChannelMessages.readDecision(answer);
    }
}
