package dev.switchboard.worker.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.worker.config.WorkerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What keeps worker-service from starting: settings that cannot work together, each problem naming its keys. */
class ConfigCheckTest {

    /** The connector's patience as application.properties ships it. */
    private static final Map<String, String> AS_SHIPPED =
            Map.of(ConfigCheck.MAX_AGE, "300000", ConfigCheck.WORKERS_MAX_AGE, "300000");

    @Test
    void theShippedSettingsPass() {
        assertThat(problems(AS_SHIPPED)).isEmpty();
    }

    @Test
    void boundsThatAreNotPositiveAreNamed() {
        Map<String, String> settings = new HashMap<>(AS_SHIPPED);
        settings.put("switchboard.worker.engine.max-in-flight", "0");
        settings.put("switchboard.worker.engine.duplicates.max-batch", "-1");
        settings.put("switchboard.worker.engine.abandon-grace", "PT0S");
        settings.put("switchboard.worker.engine.dead-letter-backoff", "-PT1S");
        assertThat(problems(settings))
                .hasSize(4)
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.engine.max-in-flight"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.engine.duplicates.max-batch"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.engine.abandon-grace"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.engine.dead-letter-backoff"));
    }

    @Test
    void aMaxBackoffBelowTheInitialOneAndANotificationPastARecordAreNamed() {
        Map<String, String> settings = new HashMap<>(AS_SHIPPED);
        settings.put("switchboard.worker.engine.retry.max-backoff", "100ms");
        settings.put("switchboard.worker.notifications.max-bytes", "1040000");
        assertThat(problems(settings))
                .hasSize(2)
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.engine.retry.max-backoff"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains(
                                "switchboard.worker.notifications.max-bytes = 1040000",
                                "switchboard.events.max-record-bytes"));
    }

    @Test
    void aConnectorLessPatientThanTheLongestSettlementIsNamedUnlessItDoesNotWatch() {
        assertThat(problems(Map.of(ConfigCheck.MAX_AGE, "60000", ConfigCheck.WORKERS_MAX_AGE, "300000")))
                .singleElement()
                .asString()
                .contains(ConfigCheck.MAX_AGE + " = 60000", "lifecycle.activate-timeout");
        assertThat(problems(Map.of(ConfigCheck.MAX_AGE, "0", ConfigCheck.WORKERS_MAX_AGE, "0")))
                .as("0: the connector does not watch")
                .isEmpty();
    }

    @Test
    void theWorkersConnectorLessPatientThanATasksSettlementAndBadInstanceBoundsAreNamed() {
        Map<String, String> settings = new HashMap<>(AS_SHIPPED);
        settings.put(ConfigCheck.WORKERS_MAX_AGE, "60000");
        settings.put("switchboard.worker.instances.max-local", "0");
        settings.put("switchboard.worker.instances.max-message-bytes", "1040000");
        assertThat(problems(settings))
                .hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains(ConfigCheck.WORKERS_MAX_AGE + " = 60000"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.worker.instances.max-local"))
                .anySatisfy(problem ->
                        assertThat(problem).contains("switchboard.worker.instances.max-message-bytes = 1040000"));
    }

    private static List<String> problems(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("quarkus.uuid", "test-node");
        // Quarkus' converter: the defaults are written as "30s", which SmallRye's own does not read.
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WorkerConfig.class)
                .withMapping(EventLimits.class)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return ConfigCheck.problems(
                config.getConfigMapping(WorkerConfig.class), config.getConfigMapping(EventLimits.class), config);
    }
}
