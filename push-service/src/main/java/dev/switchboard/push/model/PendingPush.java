package dev.switchboard.push.model;

/**
 * A push message accepted for one subscription: the data of a {@code dev.switchboard.push.send} event on Kafka
 * until it is delivered, expires or fails.
 *
 * @param id the message id, returned to the sender
 * @param subscriptionId the subscription it goes to
 * @param payload the plaintext, base64url, or {@code null} for a push without data
 * @param ttlSeconds RFC 8030 TTL: how long the message is worth delivering, counted from {@code acceptedAtEpochMillis}
 * @param urgency RFC 8030 Urgency, or {@code null}
 * @param topic RFC 8030 Topic, or {@code null}; a newer message with the same topic replaces this one
 * @param acceptedAtEpochMillis when the send was accepted
 */
public record PendingPush(
        String id,
        String subscriptionId,
        String payload,
        long ttlSeconds,
        String urgency,
        String topic,
        long acceptedAtEpochMillis) {

    /** When it stops being worth delivering; a TTL of 0 ("now or never") still gets one second to be tried. */
    public long expiresAtEpochMillis() {
        return acceptedAtEpochMillis + Math.max(1, ttlSeconds) * 1000;
    }

    /** Seconds of TTL left at {@code epochMillis}, never negative. */
    public long remainingTtlSeconds(long epochMillis) {
        return Math.max(0, Math.min(ttlSeconds, (expiresAtEpochMillis() - epochMillis) / 1000));
    }
}
