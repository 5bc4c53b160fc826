package dev.switchboard.gateway.fetch;

import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.gateway.channel.WorkerDecisions;
import dev.switchboard.gateway.config.GatewayConfig;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Reads every worker answer to a gateway node (each node in its own group, from the newest record) and completes
 * the ones this node waits for ({@code replyto} = this node); the others are other nodes'. The answers are to fetch
 * events, and the channel decisions of {@code onSubscribe} ({@link WorkerDecisions}). A malformed answer is
 * counted and skipped: its request then meets its timeout.
 */
@ApplicationScoped
public class FetchResponseReader {

    private final PendingFetches pending;
    private final WorkerDecisions decisions;
    private final MeterRegistry meters;
    private final String nodeId;
    private final EventBodies bodies;

    public FetchResponseReader(
            PendingFetches pending,
            WorkerDecisions decisions,
            MeterRegistry meters,
            GatewayConfig config,
            EventBodies bodies) {
        this.pending = pending;
        this.decisions = decisions;
        this.bodies = bodies;
        this.meters = meters;
        this.nodeId = config.nodeId();
    }

    @Incoming(Channels.FETCH_RESPONSES)
    public CompletionStage<Void> read(Message<CloudEvent> message) {
        CloudEvent event = message.getPayload();
        try {
            boolean decision = event != null && EventTypes.CHANNEL_DECISION.equals(event.getType());
            if (event == null || (!decision && !EventTypes.FETCH_RESPONSE.equals(event.getType()))) {
                throw new InvalidEventException(
                        "a record on the reply topic that is neither a fetch response nor a " + "channel decision");
            }
            if (nodeId.equals(FetchMessages.replyTo(event).orElse(SwitchboardEvents.key(event)))) {
                String inReplyTo = SwitchboardEvents.extension(event, EventExtensions.IN_REPLY_TO)
                        .orElseThrow(() -> new InvalidEventException("an answer without 'inreplyto'"));
                if (decision) {
                    decisions.answer(inReplyTo, ChannelMessages.readDecision(event));
                } else {
                    answer(inReplyTo, FetchMessages.decodeResponse(SwitchboardEvents.data(event)));
                }
            }
        } catch (InvalidEventException e) {
            meters.counter("switchboard.gateway.fetch.responses.invalid").increment();
            Log.warnf("skipping a fetch response that breaks the event contract: %s", e.getMessage());
        }
        return message.ack();
    }

    /** A body that travelled beside the answer is taken from the grid first; a lost one is a 502 for the page. */
    private void answer(String inReplyTo, FetchMessages.Response response) {
        if (response.bodyRef() == null) {
            pending.answer(inReplyTo, response);
            return;
        }
        bodies.take(response.bodyRef()).whenComplete((body, failure) -> {
            if (body != null) {
                pending.answer(inReplyTo, response.withBody(body));
                return;
            }
            meters.counter("switchboard.gateway.fetch.responses.invalid").increment();
            Log.warnf(
                    "the body of fetch answer %s is gone (%s)",
                    inReplyTo, failure == null ? "expired" : failure.getMessage());
            pending.answer(
                    inReplyTo, FetchMessages.Response.of(0, "the answer's body was lost", List.of(), new byte[0]));
        });
    }
}
