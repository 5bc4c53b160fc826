package dev.switchboard.worker.engine;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;

/** Where the engine puts what handlers produced, and the events they could not handle. */
public interface EventSink {

    /** Completes when Kafka has every one of {@code events}; fails if any could not be written. */
    CompletionStage<Void> publish(List<CloudEvent> events, Context trace);

    /** Completes when Kafka has {@code event}'s original record on the dead-letter topic, with {@code letter}. */
    CompletionStage<Void> deadLetter(IncomingEvent event, DeadLetter letter);
}
