package dev.switchboard.worker.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.worker.engine.EventEngine;
import io.cloudevents.CloudEvent;

/**
 * Hands every record of the events topic to the {@link EventEngine} and acknowledges it once the engine settled
 * it. The connector delivers the next record when the engine has admitted this one, so at most the engine's
 * in-flight bound is consumed ahead; the throttled commit strategy commits only below the lowest record not yet
 * acknowledged, so a crash loses nothing.
 */
@ApplicationScoped
public class EventConsumer {

    private final EventEngine engine;

    public EventConsumer(EventEngine engine) {
        this.engine = engine;
    }

    @Incoming(Channels.EVENTS)
    public CompletionStage<Void> consume(Message<CloudEvent> message) {
        return submit(engine, message);
    }

    /** Hands {@code message} to {@code engine}, acknowledges it once settled; completes when it is admitted. */
    static CompletionStage<Void> submit(EventEngine engine, Message<CloudEvent> message) {
        EventEngine.Submission submission = engine.submit(new KafkaIncomingEvent(message));
        submission.settled().thenAccept(settlement -> {
            if (settlement.acknowledges()) {
                message.ack();
            }
        });
        return submission.admitted();
    }
}
