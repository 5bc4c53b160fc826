package dev.switchboard.worker.engine;

import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;

/** What the engine drives: the runtime that runs an event's handler. */
public interface EventHandling {

    /**
     * Runs the handler of {@code event} once ({@code attempt} counts from 1) within {@code trace} (the handler's
     * span); the stage never fails: a failure, of routing or of the handler, is in the outcome.
     */
    CompletionStage<Outcome> handle(CloudEvent event, int attempt, Context trace);

    /**
     * The same for a record of a topic, for handling that needs its position (dedicated and shared workers); a
     * failure with {@link PartitionLostException} drops the event for its partition's new owner.
     */
    default CompletionStage<Outcome> handle(IncomingEvent incoming, int attempt, Context trace) {
        return handle(incoming.event(), attempt, trace);
    }

    /** The handler kind of the event's type ({@code message}, {@code fetch}…), {@code unknown} when none takes it. */
    String kind(CloudEvent event);

    /** True when a failure of this event's handler is worth retrying (its kind does not answer failures itself). */
    boolean retryable(CloudEvent event);
}
