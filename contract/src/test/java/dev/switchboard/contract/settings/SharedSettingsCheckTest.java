package dev.switchboard.contract.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventLimits;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The checks every service runs at start-up on the settings they share, each naming the keys at fault. */
class SharedSettingsCheckTest {

    @Test
    void theDefaultsPass() {
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void aSyncPayloadLimitThatDoesNotFitInARecordIsNamed() {
        assertThat(problems(Map.of("switchboard.sync.max-payload-bytes", "1040000")))
                .singleElement()
                .asString()
                .contains("switchboard.sync.max-payload-bytes = 1040000", "switchboard.events.max-record-bytes");
        assertThat(problems(Map.of("switchboard.sync.max-payload-bytes", "0")))
                .singleElement()
                .asString()
                .contains("switchboard.sync.max-payload-bytes must be at least 1");
        assertThat(problems(Map.of(
                        "switchboard.sync.max-payload-bytes",
                        "1040000",
                        "switchboard.events.max-record-bytes",
                        "2097152",
                        "kafka.max.request.size",
                        "2097152")))
                .isEmpty();
    }

    @Test
    void aProducerTakingSmallerRecordsThanAgreedIsNamed() {
        assertThat(problems(Map.of(
                        "mp.messaging.outgoing.sync.connector",
                        "smallrye-kafka",
                        "mp.messaging.outgoing.sync.max.request.size",
                        "524288")))
                .singleElement()
                .asString()
                .contains("mp.messaging.outgoing.sync.max.request.size = 524288");
    }

    @Test
    void cacheBoundsThatAreNotPositiveOrABodyLimitOverTheQuotaAreNamed() {
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.cache.chunk-bytes", "0");
        settings.put("switchboard.cache.max-origins", "-1");
        settings.put("switchboard.cache.deleted-cache-retention", "-PT1S");
        assertThat(problems(settings))
                .hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.cache.chunk-bytes"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.cache.max-origins"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.cache.deleted-cache-retention"));

        assertThat(problems(Map.of("switchboard.cache.quota-bytes", "4096")))
                .singleElement()
                .asString()
                .contains("switchboard.cache.max-body-bytes = 5242880", "switchboard.cache.quota-bytes = 4096");
        assertThat(problems(
                        Map.of("switchboard.cache.quota-bytes", "4096", "switchboard.cache.max-body-bytes", "4096")))
                .isEmpty();
    }

    private static List<String> problems(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(EventLimits.class)
                .withMapping(SyncLimits.class)
                .withMapping(CacheSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return SharedSettingsCheck.problems(
                config.getConfigMapping(EventLimits.class),
                config.getConfigMapping(SyncLimits.class),
                config.getConfigMapping(CacheSettings.class),
                config);
    }
}
