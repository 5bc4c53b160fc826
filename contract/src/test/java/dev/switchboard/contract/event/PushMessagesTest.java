package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;

/** The events push-service wakes a worker with, as written and as read back. */
class PushMessagesTest {

    private static final URI PUSH = URI.create("/switchboard/push-service/p1");

    @Test
    void aPushSurvivesTheRoundTripKeyedByTheUser() {
        PushMessages.Push push = new PushMessages.Push("m1", "hello", 60, "high", "news");
        CloudEvent event = PushMessages.pushEvent(PUSH, "u1", "shop", push);
        assertThat(event.getType()).isEqualTo(EventTypes.PUSH_PUSH);
        assertThat(SwitchboardEvents.key(event)).isEqualTo("u1");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID))
                .contains("shop");
        assertThat(PushMessages.readPush(event)).isEqualTo(push);
        PushMessages.Push empty = new PushMessages.Push("m2", null, 0, null, null);
        assertThat(PushMessages.readPush(PushMessages.pushEvent(PUSH, "u1", "shop", empty)))
                .isEqualTo(empty);
    }

    @Test
    void aSubscriptionChangeSurvivesTheRoundTripInTheBrowsersShape() {
        PushMessages.Subscription old =
                new PushMessages.Subscription("https://push.example/1", null, new PushMessages.Keys("BPk", "au"));
        PushMessages.Subscription replacement = new PushMessages.Subscription(
                "https://push.example/2", 1_700_000_000_000L, new PushMessages.Keys("BQk", "av"));
        PushMessages.SubscriptionChange change = new PushMessages.SubscriptionChange("replaced", old, replacement);
        CloudEvent event = PushMessages.subscriptionChangeEvent(PUSH, "u1", "shop", change);
        assertThat(event.getType()).isEqualTo(EventTypes.PUSH_SUBSCRIPTION_CHANGE);
        assertThat(PushMessages.readSubscriptionChange(event)).isEqualTo(change);
        assertThat(old.json().get("keys").get("p256dh").asText()).isEqualTo("BPk");
        assertThat(old.json().get("expirationTime").isNull()).isTrue();

        CloudEvent gone = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_SUBSCRIPTION_CHANGE,
                "u1",
                "u1",
                "shop",
                bytes("{\"reason\":\"gone\",\"oldSubscription\":{\"endpoint\":\"https://push.example/1\",\"keys\":{}},"
                        + "\"newSubscription\":null,\"addedLater\":1}"));
        assertThat(PushMessages.readSubscriptionChange(gone).newSubscription()).isNull();
        CloudEvent noReason = SwitchboardEvents.userEvent(
                PUSH,
                EventTypes.PUSH_SUBSCRIPTION_CHANGE,
                "u1",
                "u1",
                "shop",
                bytes("{\"oldSubscription\":{\"endpoint\":\"https://push.example/1\"}}"));
        assertThatThrownBy(() -> PushMessages.readSubscriptionChange(noReason))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("reason");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
