package dev.switchboard.worker.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.channel.ChannelDefaultsConfigSource;
import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.problem.ProblemType;
import io.cloudevents.CloudEvent;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What a handler's {@code self.channel(name).postMessage} may publish, and the refusals the API answers with. */
class ChannelPublisherTest {

    private final ChannelPublisher publisher = new ChannelPublisher(
            new ChannelNames(new SmallRyeConfigBuilder()
                    .withMapping(ChannelSettings.class)
                    .withSources(new ChannelDefaultsConfigSource())
                    .build()
                    .getConfigMapping(ChannelSettings.class)),
            32,
            new ObjectMapper(),
            ServiceSources.of("worker-service", "t"));

    @Test
    void aPublicationIsKeyedByItsChannelAndWrittenAsJson() {
        CloudEvent event = publisher.publication("user:alice", Map.of("n", 1));
        assertThat(SwitchboardEvents.key(event)).isEqualTo("user:alice");
        assertThat(SwitchboardEvents.extension(event, EventExtensions.CHANNEL)).hasValue("user:alice");
        assertThat(new String(SwitchboardEvents.data(event), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":1}");
    }

    @Test
    void refusalsCarryTheProblemTheyAreAnsweredWith() {
        assertThatThrownBy(() -> publisher.requireChannel("nowhere:x"))
                .isInstanceOfSatisfying(ChannelPublisher.Refused.class, refused -> assertThat(refused.problem())
                        .isEqualTo(ProblemType.UNKNOWN_CHANNEL));
        assertThatThrownBy(() -> publisher.requireChannel("user:a b"))
                .isInstanceOfSatisfying(ChannelPublisher.Refused.class, refused -> assertThat(refused.problem())
                        .isEqualTo(ProblemType.BAD_REQUEST));
        assertThatThrownBy(() -> publisher.publication("user:alice", "x".repeat(40)))
                .isInstanceOfSatisfying(ChannelPublisher.Refused.class, refused -> {
                    assertThat(refused.problem()).isEqualTo(ProblemType.TOO_LARGE);
                    assertThat(refused.getMessage()).contains("switchboard.channels.max-publication-bytes");
                });
        assertThatThrownBy(() -> publisher.publication("user:alice", new Object()))
                .as("not JSON-serialisable")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
