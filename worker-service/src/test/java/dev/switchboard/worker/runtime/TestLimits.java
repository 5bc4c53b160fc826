package dev.switchboard.worker.runtime;

import java.time.Duration;

import dev.switchboard.contract.event.EventLimits;

/** {@link EventLimits} with their documented defaults, for nodes built without Quarkus. */
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

    private TestLimits() {
    }
}
