package dev.switchboard.contract.event;

import java.net.URI;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The payloads of a worker's say over a subscription ({@link EventTypes#CHANNEL_SUBSCRIBE} and
 * {@link EventTypes#CHANNEL_DECISION}): what the gateway asks and what the worker answers, the same records on both
 * sides.
 */
public final class ChannelMessages {

    /** A client's subscribe for the worker to decide on. */
    public record SubscribeRequest(String channel) {}

    /** Whether the subscription is allowed, and, when refused, a reason the client reads. */
    public record Decision(boolean allowed, String reason) {

        /** The longest reason passed on, in characters: it goes into a record and an error frame. */
        public static final int MAX_REASON_LENGTH = 500;

        public static Decision allow() {
            return new Decision(true, null);
        }

        /** A refusal; a longer reason is cut at {@link #MAX_REASON_LENGTH}. */
        public static Decision refuse(String reason) {
            return new Decision(
                    false, reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        }
    }

    private ChannelMessages() {}

    /**
     * The request for the worker of {@code clientId}'s registration, answered to the gateway node {@code replyTo};
     * key: the client id, so it is in order with the client's messages.
     */
    public static CloudEvent subscribeEvent(
            URI source,
            String clientId,
            String userId,
            String registrationId,
            String replyTo,
            SubscribeRequest request) {
        CloudEvent event = SwitchboardEvents.clientEvent(
                source, EventTypes.CHANNEL_SUBSCRIBE, clientId, userId, registrationId, EventData.write(request));
        return CloudEventBuilder.v1(event)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .build();
    }

    /** Throws {@link InvalidEventException} when {@code event} names no node to answer or no channel. */
    public static SubscribeRequest readSubscribe(CloudEvent event) {
        if (SwitchboardEvents.extension(event, EventExtensions.REPLY_TO).isEmpty()) {
            throw new InvalidEventException("a subscribe request without 'replyto'");
        }
        SubscribeRequest request = EventData.read(event, SubscribeRequest.class);
        if (request.channel() == null || request.channel().isEmpty()) {
            throw new InvalidEventException("a subscribe request without a channel");
        }
        return request;
    }

    /** The decision on {@code request}, for the node that asked (also the record's key). */
    public static CloudEvent decisionEvent(URI source, CloudEvent request, Decision decision) {
        String replyTo = SwitchboardEvents.extension(request, EventExtensions.REPLY_TO)
                .orElseThrow(() -> new InvalidEventException("a subscribe request without 'replyto'"));
        return SwitchboardEvents.keyed(source, EventTypes.CHANNEL_DECISION, replyTo)
                .withExtension(EventExtensions.REPLY_TO, replyTo)
                .withExtension(EventExtensions.IN_REPLY_TO, request.getId())
                .withData(SwitchboardEvents.JSON, EventData.write(decision))
                .build();
    }

    public static Decision readDecision(CloudEvent event) {
        return EventData.read(event, Decision.class);
    }
}
