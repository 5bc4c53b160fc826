package dev.switchboard.gateway.channel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.concurrent.PendingReplies;
import dev.switchboard.gateway.service.EventPublisher;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Puts a subscribe to a {@code WORKER} namespace to the client's worker ({@code onSubscribe}) and waits for its
 * decision, which comes back on this node's reply topic ({@link #answer}). Bounded by
 * {@code channels.max-pending-decisions} and {@code channels.worker-decision-timeout}.
 */
@ApplicationScoped
public class WorkerDecisions {

    /** No decision came: the node was busy, Kafka refused the request, or the worker did not answer in time. */
    public static final class NoDecisionException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NoDecisionException(String message) {
            super(message, null, false, false);
        }
    }

    private final PendingReplies<ChannelMessages.Decision> pending;
    private final EventPublisher publisher;
    private final Duration timeout;
    private final MeterRegistry meters;

    public WorkerDecisions(ChannelSettings settings, EventPublisher publisher, MeterRegistry meters) {
        this.pending = new PendingReplies<>(settings.maxPendingDecisions());
        this.publisher = publisher;
        this.timeout = settings.workerDecisionTimeout();
        this.meters = meters;
    }

    /** The worker's decision on {@code client} subscribing to {@code channel}; fails with {@link NoDecisionException}. */
    public Uni<ChannelMessages.Decision> ask(ClientRecord client, String channel) {
        CloudEvent request = publisher.subscribeEvent(client, channel);
        CompletableFuture<ChannelMessages.Decision> answer = pending.await(request.getId());
        if (answer == null) {
            return counted(Uni.createFrom()
                    .failure(new NoDecisionException(
                            "this node waits for too many workers' decisions already, subscribe again")));
        }
        return counted(publisher
                .publishSubscribe(client, request)
                .onFailure()
                .transform(failure ->
                        new NoDecisionException("the subscribe could not be put to the worker, subscribe again"))
                .chain(() -> Uni.createFrom().completionStage(answer))
                .ifNoItem()
                .after(timeout)
                .failWith(() ->
                        new NoDecisionException("the worker did not decide within " + timeout + ", subscribe again"))
                .onTermination()
                .invoke(() -> answer.cancel(false)));
    }

    /** The decision on request {@code requestId}; false when this node does not wait for it (timed out, another's). */
    public boolean answer(String requestId, ChannelMessages.Decision decision) {
        return pending.answer(requestId, decision);
    }

    private Uni<ChannelMessages.Decision> counted(Uni<ChannelMessages.Decision> decision) {
        return decision.onItemOrFailure().invoke((item, failure) -> meters.counter(
                        "switchboard.gateway.channel.decisions",
                        "outcome",
                        failure != null ? "none" : item.allowed() ? "allowed" : "refused")
                .increment());
    }
}
