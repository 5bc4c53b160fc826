package dev.switchboard.contract.event;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Record sizes every service that writes events agrees on (docs/operations.md, "Record sizes"). Every payload
 * limit of every service is checked against {@link #maxRecordBytes()} at start-up ({@link RecordSizes}), so no
 * accepted input can become a record Kafka refuses — a record that can never be written would stall its
 * partition. Bodies that would not fit travel by reference ({@link #inlineBodyMaxBytes()}).
 */
@ConfigMapping(prefix = "switchboard.events")
public interface EventLimits {

    /**
     * The largest Kafka record (value and headers) a service may produce. Every producer's
     * {@code max.request.size} and the topics' {@code max.message.bytes} (the broker's {@code message.max.bytes})
     * must be at least this; start-up fails when a producer's is smaller.
     */
    @WithDefault("1048576")
    int maxRecordBytes();

    /**
     * Room kept in every record for what surrounds a payload: CloudEvent attributes as headers, the trace
     * context, dead-letter headers, the JSON of a fetch message.
     */
    @WithDefault("32768")
    int envelopeBytes();

    /**
     * A body (of a fetch request or response) larger than this is not put in its record: it is stored in
     * Hazelcast ({@code switchboard.event-bodies}) and the record carries its id.
     */
    @WithDefault("262144")
    int inlineBodyMaxBytes();

    /** How long a body stored by reference waits for its receiver before it is dropped. */
    @WithDefault("PT2M")
    Duration bodyTtl();
}
