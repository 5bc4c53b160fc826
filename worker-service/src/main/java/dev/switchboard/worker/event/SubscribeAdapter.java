package dev.switchboard.worker.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.switchboard.contract.event.ChannelMessages;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.ServiceWorker;
import dev.switchboard.worker.api.SubscribeEvent;
import io.cloudevents.CloudEvent;

/**
 * {@code subscribe}: a client's subscribe to a {@code WORKER} namespace's channel. The gateway node that asked
 * ({@code replyto}) gets the decision whichever way the handler ended: a failure, or no decision, refuses.
 */
public final class SubscribeAdapter implements EventAdapter {

    /** The refusal when the handler decided nothing (no {@code onSubscribe}, or one that did not call either). */
    static final String UNDECIDED = "the worker's onSubscribe did not allow it";

    @Override
    public String eventType() {
        return EventTypes.CHANNEL_SUBSCRIBE;
    }

    @Override
    public String kind() {
        return "subscribe";
    }

    @Override
    public boolean answersFailures() {
        return true;
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        ChannelMessages.SubscribeRequest request = ChannelMessages.readSubscribe(event);
        EventUser user = new EventUser(
                SwitchboardEvents.extension(event, EventExtensions.USER_ID).orElse(""),
                SwitchboardEvents.clientId(event));
        return new Subscribe(seed, request.channel(), user);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onSubscribe((SubscribeEvent) event);
    }

    @Override
    public CompletionStage<List<CloudEvent>> outcome(
            CloudEvent event, EventContext context, Optional<Throwable> failure) {
        List<CloudEvent> outgoing = new ArrayList<>(failure.isPresent() ? List.of() : context.posted());
        ChannelMessages.Decision decision = failure.map(
                        f -> ChannelMessages.Decision.refuse("the worker's onSubscribe failed"))
                .orElseGet(((Subscribe) context)::decision);
        outgoing.add(ChannelMessages.decisionEvent(context.producer(), event, decision));
        return CompletableFuture.completedFuture(outgoing);
    }

    private static final class Subscribe extends EventContext implements SubscribeEvent {

        private final String channel;
        private final EventUser user;
        private final Client client;
        private volatile ChannelMessages.Decision decision = ChannelMessages.Decision.refuse(UNDECIDED);

        Subscribe(EventContext.Seed seed, String channel, EventUser user) {
            super(seed);
            this.channel = channel;
            this.user = user;
            this.client = EventClients.byId(user.clientId(), user.userId(), this);
        }

        @Override
        public EventUser user() {
            return user;
        }

        @Override
        public String channel() {
            return channel;
        }

        @Override
        public Client client() {
            return client;
        }

        @Override
        public void allow() {
            decision = ChannelMessages.Decision.allow();
        }

        @Override
        public void refuse(String reason) {
            decision = ChannelMessages.Decision.refuse(reason == null ? "" : reason);
        }

        ChannelMessages.Decision decision() {
            return decision;
        }
    }
}
