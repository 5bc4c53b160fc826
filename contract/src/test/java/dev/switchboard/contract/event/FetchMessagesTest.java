package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;

class FetchMessagesTest {

    private static final URI SOURCE = URI.create("/switchboard/gateway/n1");

    @Test
    void aRequestSurvivesTheRoundTripWithItsEventAttributes() {
        FetchMessages.Request request = new FetchMessages.Request(
                "POST",
                "https://shop.example/app/cart",
                List.of(new FetchMessages.Header("accept", "a"), new FetchMessages.Header("accept", "b")),
                "x=1".getBytes(StandardCharsets.UTF_8),
                "c1");
        CloudEvent event = FetchMessages.requestEvent(SOURCE, "r1", "v1", "n1", request);

        assertThat(event.getType()).isEqualTo(EventTypes.FETCH_REQUEST);
        assertThat(SwitchboardEvents.key(event)).isEqualTo("c1");
        assertThat(FetchMessages.replyTo(event)).contains("n1");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.WORKER_VERSION))
                .contains("v1");
        FetchMessages.Request decoded = FetchMessages.decodeRequest(SwitchboardEvents.data(event));
        assertThat(decoded.method()).isEqualTo("POST");
        assertThat(decoded.url()).isEqualTo("https://shop.example/app/cart");
        assertThat(decoded.headers()).isEqualTo(request.headers());
        assertThat(decoded.body()).isEqualTo(request.body());
        assertThat(decoded.clientId()).isEqualTo("c1");
    }

    @Test
    void aResponseAndNotHandledSurviveTheRoundTrip() {
        FetchMessages.Response response = FetchMessages.Response.of(
                404, "Not Found", List.of(new FetchMessages.Header("content-type", "text/plain")), new byte[] {1, 2, 3
                });
        CloudEvent event = FetchMessages.responseEvent(SOURCE, "n1", "e1", response);

        assertThat(SwitchboardEvents.key(event)).isEqualTo("n1");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.IN_REPLY_TO))
                .contains("e1");
        FetchMessages.Response decoded = FetchMessages.decodeResponse(SwitchboardEvents.data(event));
        assertThat(decoded.handled()).isTrue();
        assertThat(decoded.status()).isEqualTo(404);
        assertThat(decoded.statusText()).isEqualTo("Not Found");
        assertThat(decoded.headers()).isEqualTo(response.headers());
        assertThat(decoded.body()).containsExactly(1, 2, 3);

        assertThat(new String(FetchMessages.encode(FetchMessages.Response.NOT_HANDLED), StandardCharsets.UTF_8))
                .isEqualTo("{\"handled\":false}");
        assertThat(FetchMessages.decodeResponse("{\"handled\":false}".getBytes(StandardCharsets.UTF_8))
                        .handled())
                .isFalse();
    }

    @Test
    void malformedDataIsAnInvalidEvent() {
        assertThatThrownBy(() -> FetchMessages.decodeResponse("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> FetchMessages.decodeResponse("{\"status\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> FetchMessages.decodeRequest("{\"method\":\"GET\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> FetchMessages.decodeRequest(
                        "{\"method\":\"GET\",\"url\":\"u\",\"headers\":[[1]]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> FetchMessages.decodeRequest("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class);
    }
}
