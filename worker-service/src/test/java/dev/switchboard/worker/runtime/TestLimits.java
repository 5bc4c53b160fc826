package dev.switchboard.worker.runtime;

import java.time.Duration;

import dev.switchboard.contract.channel.ChannelDefaultsConfigSource;
import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.EventLimits;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link EventLimits} and {@link ChannelSettings} with their documented defaults, for nodes built without Quarkus. */
final class TestLimits {

    static final EventLimits EVENTS = new EventLimits() {
        @Override
        public int maxRecordBytes() {
            return 1_048_576;
        }

        @Override
        public int envelopeBytes() {
            return 32_768;
        }

        @Override
        public int inlineBodyMaxBytes() {
            return 262_144;
        }

        @Override
        public Duration bodyTtl() {
            return Duration.ofMinutes(2);
        }
    };

    /** The channel settings with their defaults: the built-in {@code user} namespace only. */
    static final ChannelSettings CHANNELS = new SmallRyeConfigBuilder()
            .withMapping(ChannelSettings.class)
            .withSources(new ChannelDefaultsConfigSource())
            .build()
            .getConfigMapping(ChannelSettings.class);

    private TestLimits() {}
}
