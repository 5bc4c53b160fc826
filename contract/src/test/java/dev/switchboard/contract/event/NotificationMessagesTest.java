package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

/** A notification shown by a worker and a click or close reported by a client, as written and as read back. */
class NotificationMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNotificationSurvivesTheRoundTripAndHasEmptyOptionsByDefault() throws Exception {
        NotificationMessages.Show show = new NotificationMessages.Show("hi", JSON.readTree("{\"body\":\"there\"}"));
        CloudEvent event = SwitchboardEvents.notification(
                URI.create("/switchboard/worker-service/w1"), "u1", "echo", NotificationMessages.encode(show));
        assertThat(NotificationMessages.decodeShow(SwitchboardEvents.data(event)))
                .isEqualTo(show);
        assertThat(new NotificationMessages.Show("t", null).options().isObject())
                .isTrue();
        assertThatThrownBy(() -> NotificationMessages.decodeShow(bytes("{\"options\":{}}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("title");
        assertThatThrownBy(() -> NotificationMessages.decodeShow(bytes("{\"title\":\"t\",\"options\":[1]}")))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aClickFromAClientFrameSurvivesTheRoundTripWithOnlyItsThreeFields() throws Exception {
        NotificationMessages.Interaction click = NotificationMessages.interaction(
                JSON.readTree("{\"tag\":\"t1\",\"action\":\"open\",\"data\":{\"order\":7},\"extra\":true}"));
        assertThat(click).isEqualTo(new NotificationMessages.Interaction("t1", "open", JSON.readTree("{\"order\":7}")));
        assertThat(NotificationMessages.json(click).has("extra")).isFalse();
        CloudEvent event = SwitchboardEvents.clientEvent(
                URI.create("/switchboard/gateway/g1"),
                EventTypes.NOTIFICATION_CLICK,
                "c1",
                "u1",
                "echo",
                NotificationMessages.encode(click));
        assertThat(NotificationMessages.readInteraction(event)).isEqualTo(click);

        NotificationMessages.Interaction close = NotificationMessages.interaction(JSON.readTree("{}"));
        assertThat(close.tag()).isEmpty();
        assertThat(close.action()).isEmpty();
        assertThat(close.data().isNull()).isTrue();
        assertThatThrownBy(() -> NotificationMessages.interaction(JSON.readTree("{\"tag\":7}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'tag'");
        assertThatThrownBy(() -> NotificationMessages.interaction(JSON.readTree("\"t\"")))
                .isInstanceOf(InvalidEventException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
