package dev.switchboard.push.service;

/**
 * What a sender asks to push (the body of the send API).
 *
 * @param payload the data the browser's {@code push} event gets ({@code event.data.text()}), or {@code null}
 * @param ttl RFC 8030 TTL in seconds: how long the push service keeps it for a device that is away; default
 *        {@code switchboard.push.delivery.default-ttl}
 * @param urgency RFC 8030 Urgency: {@code very-low}, {@code low}, {@code normal} or {@code high}; or {@code null}
 * @param topic RFC 8030 Topic (up to 32 base64url characters): a newer message with the same topic replaces a
 *        pending one; or {@code null}
 */
public record PushMessage(String payload, Long ttl, String urgency, String topic) {}
