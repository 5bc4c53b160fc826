package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FetchMessagesTest {

    @Test
    void aRequestSurvivesTheRoundTrip() {
        FetchMessages.Request request = new FetchMessages.Request("POST", "https://shop.example/app/cart",
                List.of(Map.entry("content-type", "application/json"), Map.entry("x-a", "1")),
                "{\"n\":1}".getBytes(StandardCharsets.UTF_8), "client-1");
        FetchMessages.Request back = FetchMessages.decodeRequest(FetchMessages.encodeRequest(request));
        assertThat(back.method()).isEqualTo("POST");
        assertThat(back.url()).isEqualTo(request.url());
        assertThat(back.headers()).isEqualTo(request.headers());
        assertThat(back.body()).isEqualTo(request.body());
        assertThat(back.clientId()).isEqualTo("client-1");
    }

    @Test
    void aResponseAndNotHandledSurviveTheRoundTrip() {
        FetchMessages.Response response = new FetchMessages.Response(true, 201, "Created",
                List.of(Map.entry("etag", "\"v1\"")), new byte[] { 0, 1, (byte) 255 });
        FetchMessages.Response back = FetchMessages.decodeResponse(FetchMessages.encodeResponse(response));
        assertThat(back.handled()).isTrue();
        assertThat(back.status()).isEqualTo(201);
        assertThat(back.statusText()).isEqualTo("Created");
        assertThat(back.headers()).isEqualTo(response.headers());
        assertThat(back.body()).isEqualTo(response.body());

        byte[] notHandled = FetchMessages.encodeResponse(FetchMessages.Response.notHandled());
        assertThat(new String(notHandled, StandardCharsets.UTF_8)).isEqualTo("{\"handled\":false}");
        assertThat(FetchMessages.decodeResponse(notHandled).handled()).isFalse();
    }

    @Test
    void dataThatBreaksTheShapeIsRejectedClearly() {
        assertThatThrownBy(() -> FetchMessages.decodeRequest("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> FetchMessages.decodeRequest("{\"url\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("method");
        assertThatThrownBy(() -> FetchMessages.decodeRequest(
                "{\"method\":\"GET\",\"url\":\"x\",\"headers\":[[\"a\"]]}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("pair");
        assertThatThrownBy(() -> FetchMessages.decodeResponse("{\"status\":99}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("status");
        assertThatThrownBy(() -> FetchMessages.decodeRequest(
                "{\"method\":\"GET\",\"url\":\"x\",\"bodyBase64\":\"***\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("base64");
    }
}
