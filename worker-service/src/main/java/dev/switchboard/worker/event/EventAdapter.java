package dev.switchboard.worker.event;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/**
 * One kind of event a worker can be woken by: the row of the dispatcher's table that maps a CloudEvent
 * {@code type} to a handler method. Adding a kind (push, sync, notifications) is adding an adapter.
 */
public interface EventAdapter {

    /** The CloudEvent type this adapter handles. */
    String eventType();

    /** The name of the handler for logs and metrics ({@code message}, {@code fetch}…). */
    String kind();

    /** True when events of this kind wait for their version to be {@code activated} (fetch does). */
    default boolean waitsForActivation() {
        return false;
    }

    /**
     * True when {@link #outcome} answers a failed handler itself (a fetch falls back to the network, a sync attempt
     * reports its failure to push-service, which schedules the next try): such events are not retried or
     * dead-lettered by the engine once their handler ran.
     */
    default boolean answersFailures() {
        return false;
    }

    /** The typed event the handler gets; throws {@code InvalidEventException} for data that breaks the contract. */
    EventContext open(CloudEvent event, EventContext.Seed seed);

    /** Calls the handler method of this kind. */
    void call(ServiceWorker worker, EventContext event);

    /**
     * What to publish once the handler is done: by default what it posted when it succeeded and nothing when it
     * failed ({@code failure} present). Request-reply kinds add their answer.
     */
    default CompletionStage<List<CloudEvent>> outcome(
            CloudEvent event, EventContext context, Optional<Throwable> failure) {
        return CompletableFuture.completedFuture(failure.isPresent() ? List.of() : context.posted());
    }
}
