package dev.switchboard.contract.event;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;

/**
 * The data of the events push-service wakes a worker with, for both sides (push-service writes them, worker-service
 * reads them). Shapes (JSON):
 * <pre>
 * push ({@link EventTypes#PUSH_PUSH}):  {"messageId","data":"&lt;text, or null&gt;","ttl":60,"urgency":null,"topic":null}
 * subscription change ({@link EventTypes#PUSH_SUBSCRIPTION_CHANGE}):
 *       {"reason":"gone","oldSubscription":{"endpoint","expirationTime","keys":{"p256dh","auth"}},"newSubscription":null}
 * </pre>
 * Both are keyed by the user id, for the worker of the registration the subscription was made under.
 */
public final class PushMessages {

    private PushMessages() {}

    /** A push message for a connected user: its id, its text (null without a payload) and its RFC 8030 options. */
    public record Push(String messageId, String data, long ttl, String urgency, String topic) {

        public Push {
            if (messageId == null || messageId.isEmpty()) {
                throw new InvalidEventException("a push names its messageId");
            }
        }
    }

    /** A subscription in the browser's {@code PushSubscription.toJSON()} shape. */
    public record Subscription(String endpoint, Long expirationTime, Keys keys) {

        public Subscription {
            if (endpoint == null || endpoint.isEmpty()) {
                throw new InvalidEventException("a push subscription has an endpoint");
            }
            keys = keys == null ? new Keys(null, null) : keys;
        }

        /** The same as a JSON tree, as a worker's {@code pushsubscriptionchange} event shows it. */
        public JsonNode json() {
            return EventData.tree(this);
        }
    }

    /** The user agent's P-256 key and authentication secret, base64url. */
    public record Keys(String p256dh, String auth) {}

    /**
     * One of a user's subscriptions changed: {@code reason} is {@code gone}, {@code expired} or {@code replaced};
     * {@code newSubscription} is set only when replaced.
     */
    public record SubscriptionChange(String reason, Subscription oldSubscription, Subscription newSubscription) {

        public SubscriptionChange {
            if (reason == null || reason.isEmpty() || oldSubscription == null) {
                throw new InvalidEventException("a subscription change names its reason and the old subscription");
            }
        }
    }

    /** The event waking the {@code push} handler of {@code registrationId} for {@code userId}. */
    public static CloudEvent pushEvent(URI source, String userId, String registrationId, Push push) {
        return SwitchboardEvents.userEvent(
                source, EventTypes.PUSH_PUSH, userId, userId, registrationId, EventData.write(push));
    }

    public static Push readPush(CloudEvent event) {
        return EventData.read(event, Push.class);
    }

    /** The event waking the {@code pushsubscriptionchange} handler of {@code registrationId} for {@code userId}. */
    public static CloudEvent subscriptionChangeEvent(
            URI source, String userId, String registrationId, SubscriptionChange change) {
        return SwitchboardEvents.userEvent(
                source, EventTypes.PUSH_SUBSCRIPTION_CHANGE, userId, userId, registrationId, EventData.write(change));
    }

    public static SubscriptionChange readSubscriptionChange(CloudEvent event) {
        return EventData.read(event, SubscriptionChange.class);
    }
}
