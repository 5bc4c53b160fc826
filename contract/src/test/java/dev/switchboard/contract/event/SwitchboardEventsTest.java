package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;

class SwitchboardEventsTest {

    private static final URI SOURCE = ServiceSources.of("gateway", "node-1");

    @Test
    void clientMessageCarriesTheClientUserAndRegistration() {
        CloudEvent event = SwitchboardEvents.clientMessage(SOURCE, "c1", "alice", "echo", json("{\"a\":1}"));

        assertThat(event.getType()).isEqualTo(EventTypes.CLIENT_MESSAGE);
        assertThat(event.getId()).isNotBlank();
        assertThat(event.getSource()).isEqualTo(URI.create("/switchboard/gateway/node-1"));
        assertThat(SwitchboardEvents.clientId(event)).isEqualTo("c1");
        assertThat(SwitchboardEvents.key(event)).isEqualTo("c1");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.USER_ID)).contains("alice");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID))
                .contains("echo");
        assertThat(event.getDataContentType()).isEqualTo(SwitchboardEvents.JSON);
    }

    @Test
    void kafkaBinaryModePutsAttributesInCeHeadersAndTheDataInTheValue() {
        CloudEvent event = SwitchboardEvents.clientDelivery(SOURCE, "c1", "evt-7", json("{\"echo\":true}"));
        RecordHeaders headers = new RecordHeaders();

        byte[] value;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(java.util.Map.of(), false);
            value = serializer.serialize(Topics.DELIVERIES, headers, event);
        }
        CloudEvent back;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            back = deserializer.deserialize(Topics.DELIVERIES, headers, value);
        }

        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("{\"echo\":true}");
        assertThat(headers.lastHeader("ce_type").value())
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(EventTypes.CLIENT_DELIVERY);
        assertThat(headers.lastHeader("ce_clientid")).isNotNull();
        assertThat(back.getId()).isEqualTo(event.getId());
        assertThat(SwitchboardEvents.extension(back, EventExtensions.IN_REPLY_TO))
                .contains("evt-7");
        assertThat(SwitchboardEvents.data(back)).isEqualTo(json("{\"echo\":true}"));
    }

    @Test
    void anEventWithoutAClientIsRejectedWithItsIdAndType() {
        CloudEvent foreign = CloudEventBuilder.v1()
                .withId("x1")
                .withSource(SOURCE)
                .withType("other")
                .build();

        assertThatThrownBy(() -> SwitchboardEvents.clientId(foreign))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("x1")
                .hasMessageContaining("other")
                .hasMessageContaining("clientid");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
