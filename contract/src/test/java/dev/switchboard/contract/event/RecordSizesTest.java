package dev.switchboard.contract.event;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The start-up checks that no accepted payload can become a record Kafka refuses. */
class RecordSizesTest {

    private static final EventLimits DEFAULTS = limits(1_048_576, 262_144);

    @Test
    void aPayloadLimitThatDoesNotFitNamesItsKeyAndTheRecordLimit() {
        assertThatCode(() -> RecordSizes.requireFits(
                        "switchboard.gateway.websocket.max-message-bytes", 65_536, false, DEFAULTS))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () -> RecordSizes.requireFits("switchboard.sync.max-payload-bytes", 1_030_000, false, DEFAULTS))
                .hasMessageContaining("switchboard.sync.max-payload-bytes = 1030000")
                .hasMessageContaining("switchboard.events.max-record-bytes = 1048576");
        assertThatThrownBy(() -> RecordSizes.requireFits("a.body", 780_000, true, DEFAULTS))
                .as("base64 makes 780,000 bytes 1,040,000")
                .hasMessageContaining("base64-encoded");
    }

    @Test
    void aProducerTakingSmallerRecordsThanAgreedIsRefused() {
        Config fits = config(Map.of(
                "mp.messaging.outgoing.events.connector",
                "smallrye-kafka",
                "mp.messaging.outgoing.events.max.request.size",
                "2097152"));
        assertThatCode(() -> RecordSizes.requireProducersFit(fits, DEFAULTS)).doesNotThrowAnyException();

        Config small = config(Map.of(
                "mp.messaging.outgoing.deliveries.connector", "smallrye-kafka", "kafka.max.request.size", "524288"));
        assertThatThrownBy(() -> RecordSizes.requireProducersFit(small, DEFAULTS))
                .hasMessageContaining("mp.messaging.outgoing.deliveries.max.request.size = 524288");

        Config unset = config(Map.of("mp.messaging.outgoing.sync.connector", "smallrye-kafka"));
        assertThatThrownBy(() -> RecordSizes.requireProducersFit(unset, limits(2_097_152, 262_144)))
                .as("Kafka's default max.request.size is 1 MiB")
                .hasMessageContaining("mp.messaging.outgoing.sync.max.request.size = 1048576");
        assertThatThrownBy(() -> RecordSizes.requireProducersFit(fits, limits(1_048_576, 900_000)))
                .hasMessageContaining("switchboard.events.inline-body-max-bytes");
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    private static EventLimits limits(int maxRecordBytes, int inlineBodyMaxBytes) {
        return new EventLimits() {
            @Override
            public int maxRecordBytes() {
                return maxRecordBytes;
            }

            @Override
            public int envelopeBytes() {
                return 32_768;
            }

            @Override
            public int inlineBodyMaxBytes() {
                return inlineBodyMaxBytes;
            }

            @Override
            public Duration bodyTtl() {
                return Duration.ofMinutes(2);
            }
        };
    }
}
