package dev.switchboard.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventTypes;

/** A lifecycle delivery becomes a frame of its own type, its notice's fields beside the type, outside the stream. */
class LifecycleFrameTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Frames frames = new Frames(json, () -> 16_384);

    @Test
    void aStatechangeDeliveryIsAStatechangeFrame() throws Exception {
        byte[] data =
                "{\"registrationId\":\"r-1\",\"scope\":\"https://shop.example/app/\",\"version\":\"abc\",\"state\":\"activated\",\"type\":\"spoof\"}"
                        .getBytes(StandardCharsets.UTF_8);
        ServerFrame frame = frames.lifecycle(
                FrameType.ofServer(EventTypes.LIFECYCLE_FRAMES.get(EventTypes.WORKER_STATECHANGE)), "e-1", data);
        JsonNode written = json.readTree(frame.json());
        assertThat(written.path("type").asText()).isEqualTo("statechange");
        assertThat(written.path("eventId").asText()).isEqualTo("e-1");
        assertThat(written.path("state").asText()).isEqualTo("activated");
        assertThat(written.path("scope").asText()).isEqualTo("https://shop.example/app/");
        assertThat(frame.id()).as("not part of the resumable stream").isNull();
    }

    @Test
    void everyLifecycleTypeHasItsFrameType() {
        assertThat(EventTypes.LIFECYCLE_FRAMES.values().stream().map(FrameType::ofServer))
                .containsExactlyInAnyOrder(FrameType.STATECHANGE, FrameType.UPDATEFOUND, FrameType.CONTROLLERCHANGE);
    }
}
