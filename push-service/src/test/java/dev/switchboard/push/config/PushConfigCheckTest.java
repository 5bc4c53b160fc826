package dev.switchboard.push.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;

/** What keeps push-service from starting: settings that cannot work together, each problem naming its keys. */
class PushConfigCheckTest {

    private static final Map<String, String> AS_SHIPPED =
            Map.of(PushConfigCheck.DELIVERY_MAX_AGE, "1800000", PushConfigCheck.SYNC_MAX_AGE, "7200000");

    @Test
    void theShippedSettingsPass() {
        assertThat(problems(AS_SHIPPED)).isEmpty();
    }

    @Test
    void aDeliveryThatMayOutlastTheConsumersPatienceIsNamed() {
        assertThat(problems(Map.of(PushConfigCheck.DELIVERY_MAX_AGE, "60000", PushConfigCheck.SYNC_MAX_AGE, "7200000")))
                .singleElement()
                .asString()
                .contains("switchboard.push.delivery", PushConfigCheck.DELIVERY_MAX_AGE);
    }

    @Test
    void aSyncThatMayOutlastTheConsumersPatienceIsNamed() {
        assertThat(problems(Map.of(
                        PushConfigCheck.DELIVERY_MAX_AGE,
                        "1800000",
                        PushConfigCheck.SYNC_MAX_AGE,
                        "7200000",
                        "switchboard.push.sync.retention",
                        "PT2H")))
                .singleElement()
                .asString()
                .contains(
                        "switchboard.push.sync.retention",
                        "switchboard.push.sync.attempt-timeout",
                        PushConfigCheck.SYNC_MAX_AGE + " is 7200000");
        assertThat(problems(Map.of(
                        PushConfigCheck.DELIVERY_MAX_AGE,
                        "1800000",
                        PushConfigCheck.SYNC_MAX_AGE,
                        "0",
                        "switchboard.push.sync.retention",
                        "PT2H")))
                .as("0: the connector does not watch")
                .isEmpty();
    }

    @Test
    void aPayloadLimitPastOneWebPushRecordAndARetryAfterOfNothingAreNamed() {
        Map<String, String> settings = new HashMap<>(AS_SHIPPED);
        settings.put("switchboard.push.delivery.max-payload-bytes", "4000");
        settings.put("switchboard.push.retry-after", "PT0S");
        assertThat(problems(settings))
                .hasSize(2)
                .anySatisfy(
                        problem -> assertThat(problem).contains("switchboard.push.delivery.max-payload-bytes", "3993"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.push.retry-after"));
    }

    @Test
    void aVapidTokenValidPastRfc8292sDayOrRenewedOnlyAfterItExpiresAndNoEncryptionThreadsAreNamed() {
        Map<String, String> settings = new HashMap<>(AS_SHIPPED);
        settings.put("switchboard.push.vapid.token-validity", "PT25H");
        settings.put("switchboard.push.vapid.token-cache-size", "0");
        settings.put("switchboard.push.delivery.encryption-threads", "0");
        assertThat(problems(settings))
                .hasSize(3)
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.push.vapid.token-validity", "PT24H"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.push.vapid.token-cache-size"))
                .anySatisfy(problem -> assertThat(problem).contains("switchboard.push.delivery.encryption-threads"));

        settings = new HashMap<>(AS_SHIPPED);
        settings.put("switchboard.push.vapid.token-validity", "PT1H");
        settings.put("switchboard.push.vapid.token-renewal-margin", "PT1H");
        assertThat(problems(settings))
                .singleElement()
                .asString()
                .contains("switchboard.push.vapid.token-renewal-margin", "shorter than");
    }

    private static List<String> problems(Map<String, String> properties) {
        SmallRyeConfig config = TestPushConfig.config(properties);
        return PushConfigCheck.problems(config.getConfigMapping(PushConfig.class), config);
    }
}
