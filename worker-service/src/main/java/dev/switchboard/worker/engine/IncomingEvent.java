package dev.switchboard.worker.engine;

import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;

/**
 * One record from the events topic as the engine sees it. {@code event} is null for a record that is not a
 * CloudEvent; {@code partition} is negative when the position is unknown (a test feeding events directly).
 */
public interface IncomingEvent {

    String key();

    int partition();

    long offset();

    CloudEvent event();

    /** The trace the record arrived in; the handler's span is its child. */
    Context trace();

    /** {@code topic/partition/offset}, for logs and the dead-letter record. */
    String origin();
}
