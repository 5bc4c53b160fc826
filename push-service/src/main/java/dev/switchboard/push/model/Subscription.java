package dev.switchboard.push.model;

/**
 * A user's push subscription: the {@code PushSubscription} a browser gave, and the VAPID key it was made with.
 * Stored cluster-wide (Hazelcast compact serialisation), keyed by {@link #id()}.
 *
 * @param id derived from the endpoint, so that the same browser subscription is stored once
 * @param userId the user the subscription belongs to
 * @param endpoint the push service URL to POST messages to
 * @param expirationTime when the subscription ends (epoch milliseconds), or {@code null} if it does not
 * @param p256dh the user agent's P-256 public key, base64url
 * @param auth the 16-byte authentication secret, base64url
 * @param vapidKeyId the VAPID key the browser subscribed with ({@code applicationServerKey})
 * @param createdAtEpochMillis when it was stored
 * @param registrationId the service-worker registration it was made under: the worker a push to it wakes
 */
public record Subscription(
        String id,
        String userId,
        String endpoint,
        Long expirationTime,
        String p256dh,
        String auth,
        String vapidKeyId,
        long createdAtEpochMillis,
        String registrationId) {

    public boolean expiredAt(long epochMillis) {
        return expirationTime != null && expirationTime <= epochMillis;
    }
}
