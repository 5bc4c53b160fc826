package dev.switchboard.worker.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.worker.engine.EventEngine;
import io.cloudevents.CloudEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Hands every record of the workers topic to the instance engine (its own consumer group, threads and bound, so
 * that busy dedicated and shared workers never hold up service-worker events), as {@link EventConsumer} does for
 * the events topic.
 */
@ApplicationScoped
public class WorkerRequestConsumer {

    private final EventEngine engine;

    public WorkerRequestConsumer(@Identifier("instances") EventEngine engine) {
        this.engine = engine;
    }

    @Incoming(Channels.WORKERS)
    public CompletionStage<Void> consume(Message<CloudEvent> message) {
        return EventConsumer.submit(engine, message);
    }
}
