package dev.switchboard.contract.event;

import java.util.Optional;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.Config;

/**
 * Start-up checks that every payload a service accepts fits in a Kafka record ({@link EventLimits}), failing fast
 * with a message that names the keys to change.
 */
public final class RecordSizes {

    /** Kafka's default {@code max.request.size}. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private RecordSizes() {}

    /** The largest payload of {@code bytes} raw bytes as it sits in a record: base64 when it travels inside JSON. */
    public static long encodedSize(long bytes, boolean base64) {
        return base64 ? (bytes + 2) / 3 * 4 : bytes;
    }

    /**
     * Throws when a payload of up to {@code maxBytes} (the value of {@code key}) would not fit in a record with
     * its envelope.
     */
    public static void requireFits(String key, long maxBytes, boolean base64, EventLimits limits) {
        long record = encodedSize(maxBytes, base64) + limits.envelopeBytes();
        if (record > limits.maxRecordBytes()) {
            throw new IllegalStateException(key + " = " + maxBytes + " does not fit in a Kafka record: "
                    + (base64 ? "base64-encoded, " : "") + "with the envelope (switchboard.events.envelope-bytes = "
                    + limits.envelopeBytes() + ") it needs " + record
                    + " bytes, more than switchboard.events.max-record-bytes = "
                    + limits.maxRecordBytes() + ". Lower " + key + " or raise max-record-bytes (and every producer's "
                    + "max.request.size and the topics' max.message.bytes with it)");
        }
    }

    /**
     * Throws when the producer of any outgoing Kafka channel of this service has a {@code max.request.size}
     * below {@link EventLimits#maxRecordBytes()}, or the inline body limit leaves no room in a record.
     */
    public static void requireProducersFit(Config config, EventLimits limits) {
        requireFits("switchboard.events.inline-body-max-bytes", limits.inlineBodyMaxBytes(), true, limits);
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("mp.messaging.outgoing.")
                    || !name.endsWith(".connector")
                    || !"smallrye-kafka"
                            .equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String channel = name.substring("mp.messaging.outgoing.".length(), name.length() - ".connector".length());
            String key = "mp.messaging.outgoing." + channel + ".max.request.size";
            int size = intValue(config, key)
                    .orElse(intValue(config, "kafka.max.request.size").orElse(KAFKA_DEFAULT_MAX_REQUEST_SIZE));
            if (size < limits.maxRecordBytes()) {
                throw new IllegalStateException(key + " = " + size + " is below switchboard.events.max-record-bytes = "
                        + limits.maxRecordBytes() + ": records the services accept could be refused by this producer");
            }
        }
    }

    private static OptionalInt intValue(Config config, String key) {
        Optional<Integer> value = config.getOptionalValue(key, Integer.class);
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}
