package dev.switchboard.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventLimits;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The start-up check of the channel settings names every key at fault. */
class ChannelSettingsCheckTest {

    private static final EventLimits LIMITS =
            new SmallRyeConfigBuilder().withMapping(EventLimits.class).build().getConfigMapping(EventLimits.class);

    @Test
    void theDefaultsPass() {
        assertThat(ChannelSettingsCheck.problems(ChannelNamesTest.settings(Map.of()), LIMITS)
                        .list())
                .isEmpty();
    }

    @Test
    void badBoundsAndNamespacesAreNamed() {
        assertThat(ChannelSettingsCheck.problems(
                                ChannelNamesTest.settings(Map.of(
                                        "switchboard.channels.max-subscriptions-per-connection", "0",
                                        "switchboard.channels.default-namespace", "lobby",
                                        "switchboard.channels.namespaces.Chat.publish", "ANY",
                                        "switchboard.channels.namespaces.news.history-size", "10",
                                        "switchboard.channels.namespaces.user.history-age", "P2D",
                                        "switchboard.channels.max-publication-bytes", "1048576",
                                        "switchboard.channels.namespaces.club.publish", "WORKER",
                                        "switchboard.channels.worker-decision-timeout", "PT0S")),
                                LIMITS)
                        .list())
                .hasSize(8)
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "switchboard.channels.namespaces.club.publish = WORKER: only subscribing is decided by the worker"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("switchboard.channels.worker-decision-timeout must be a positive duration"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains(
                                "switchboard.channels.max-publication-bytes = 1048576 does not fit in a Kafka record"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("switchboard.channels.max-subscriptions-per-connection must be at least 1"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("switchboard.channels.default-namespace = lobby names no namespace"))
                .anySatisfy(
                        problem -> assertThat(problem).contains("switchboard.channels.namespaces.Chat: a namespace"))
                .anySatisfy(problem -> assertThat(problem)
                        .contains("switchboard.channels.namespaces.news.history-size = 10 needs a history-age"))
                .anySatisfy(
                        problem -> assertThat(problem)
                                .contains(
                                        "switchboard.channels.namespaces.user.history-age = PT48H is longer than the retention"));
    }

    @Test
    void messageChannelPortsNeedTheirNamespacesHistory() {
        assertThat(ChannelSettingsCheck.problems(
                                ChannelNamesTest.settings(
                                        Map.of("switchboard.channels.namespaces.port.history-size", "0")),
                                LIMITS)
                        .list())
                .singleElement()
                .asString()
                .contains("switchboard.channels.namespaces.port must keep history");
    }
}
