package dev.switchboard.worker.api;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code PushSubscriptionChangeEvent}: one of a user's subscriptions expired, was removed or was replaced. */
public interface PushSubscriptionChangeEvent extends ExtendableEvent {

    String userId();

    /** {@code gone} (the push service answered 404/410), {@code expired} or {@code replaced}. */
    String reason();

    /** The old subscription in the browser's {@code PushSubscription} JSON shape. */
    JsonNode oldSubscription();

    /** The new one when it was replaced. */
    Optional<JsonNode> newSubscription();
}
