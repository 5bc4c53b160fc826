package dev.switchboard.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.NotificationMessages;

/** The notification frame and the notification and sync client frames (pure logic, no server). */
class FramesTest {

    /** {@code switchboard.sync.max-payload-bytes}, small for the test. */
    private static final int MAX_SYNC_PAYLOAD = 64;

    private final ObjectMapper json = new ObjectMapper();
    private final Frames frames = new Frames(json, () -> MAX_SYNC_PAYLOAD);

    @Test
    void notificationClickAndCloseFramesCarryTheNotificationsTagActionAndData() {
        ClientFrame click = frames.parse("{\"type\":\"notificationclick\",\"ref\":\"n1\",\"data\":{\"tag\":\"t\","
                + "\"action\":\"open\",\"data\":{\"id\":1}}}");
        assertThat(click.type()).isEqualTo(FrameType.NOTIFICATION_CLICK);
        assertThat(click.ref()).isEqualTo("n1");
        assertThat(click.data().get("action").asText()).isEqualTo("open");
        assertThat(frames.parse("{\"type\":\"notificationclose\",\"data\":{}}").type())
                .isEqualTo(FrameType.NOTIFICATION_CLOSE);
        assertRefused("{\"type\":\"notificationclick\"}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"notificationclose\",\"data\":\"t\"}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"notificationclick\",\"data\":{\"tag\":7}}", ErrorCode.BAD_FRAME);
    }

    @Test
    void aNotificationClickIsPublishedAsTheContractsRecordOfIt() throws Exception {
        ClientFrame click = frames.parse(
                "{\"type\":\"notificationclick\",\"data\":{\"tag\":\"t\",\"data\":[1]," + "\"spoof\":true}}");
        assertThat(NotificationMessages.decodeInteraction(frames.toBytes(click.data())))
                .isEqualTo(new NotificationMessages.Interaction("t", "", json.readTree("[1]")));
        assertThat(click.data().has("spoof")).as("only what the worker reads").isFalse();
    }

    @Test
    void aSyncFrameNeedsATagOfOneTo128Characters() {
        ClientFrame sync = frames.parse("{\"type\":\"sync\",\"data\":{\"tag\":\"outbox\",\"payload\":[1]}}");
        assertThat(sync.syncTag()).isEqualTo("outbox");
        assertThat(frames.parse("{\"type\":\"sync\",\"data\":{\"tag\":\"" + "t".repeat(128) + "\"}}")
                        .syncTag())
                .hasSize(128);
        assertRefused("{\"type\":\"sync\",\"data\":{\"payload\":1}}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"sync\",\"data\":{\"tag\":\"\"}}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"sync\",\"data\":{\"tag\":7}}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"sync\",\"data\":{\"tag\":\"" + "t".repeat(129) + "\"}}", ErrorCode.BAD_FRAME);
        assertRefused("{\"type\":\"sync\"}", ErrorCode.BAD_FRAME);
    }

    @Test
    void aSyncPayloadOverTheLimitIsTooLargeAndNamesTheFramesRef() {
        String fits = "\"" + "p".repeat(MAX_SYNC_PAYLOAD - 2) + "\"";
        assertThat(frames.parse("{\"type\":\"sync\",\"data\":{\"tag\":\"t\",\"payload\":" + fits + "}}")
                        .syncTag())
                .isEqualTo("t");
        ProtocolException refused = refusal("{\"type\":\"sync\",\"ref\":\"s9\",\"data\":{\"tag\":\"t\",\"payload\":\""
                + "p".repeat(MAX_SYNC_PAYLOAD - 1) + "\"}}");
        assertThat(refused.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(refused.ref()).isEqualTo("s9");
        assertThat(refused.getMessage()).contains("65 bytes", "at most 64");
    }

    @Test
    void aRefusedFrameNamesItsRefWhenItIsAString() {
        assertThat(refusal("{\"type\":\"sync\",\"ref\":\"s1\",\"data\":{}}").ref())
                .isEqualTo("s1");
        assertThat(refusal("{\"type\":\"teleport\",\"ref\":\"t1\"}").ref()).isEqualTo("t1");
        assertThat(refusal("{\"type\":\"message\",\"ref\":\"b1\",\"binary\":true,\"data\":\"%%\"}")
                        .ref())
                .isEqualTo("b1");
        assertThat(refusal("{\"type\":\"message\",\"ref\":7}").ref())
                .as("not a string: nothing to echo")
                .isNull();
        assertThat(refusal("{\"ref\":\"x\"").ref()).as("not JSON").isNull();
    }

    @Test
    void aNotificationFrameHasTheTitleAndOptionsTheWorkerGaveAndNoStreamPosition() throws Exception {
        ServerFrame frame = frames.notification(
                "e1",
                "echo",
                "{\"title\":\"hi\",\"options\":{\"body\":\"there\",\"tag\":\"t\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(frame.type()).isEqualTo(FrameType.NOTIFICATION);
        assertThat(frame.id()).as("not part of the client's stream").isNull();
        JsonNode written = json.readTree(frame.json());
        assertThat(written.get("eventId").asText()).isEqualTo("e1");
        assertThat(written.get("registration").asText()).isEqualTo("echo");
        assertThat(written.get("title").asText()).isEqualTo("hi");
        assertThat(written.get("options").get("body").asText()).isEqualTo("there");
    }

    private ProtocolException refusal(String text) {
        try {
            frames.parse(text);
        } catch (ProtocolException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    private void assertRefused(String text, ErrorCode code) {
        assertThatThrownBy(() -> frames.parse(text))
                .isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).code()).isEqualTo(code));
    }
}
