package dev.switchboard.push.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.switchboard.push.model.Subscription;

/**
 * The {@code PushSubscription} JSON shape ({@code PushSubscription.toJSON()} in a browser), as the API takes and
 * returns it. On the way in, {@code applicationServerKey} may name the VAPID public key the browser subscribed with.
 */
@Schema(name = "PushSubscription")
public record PushSubscriptionJson(
        @Schema(readOnly = true, description = "the subscription's id (derived from the endpoint)") String id,
        @Schema(description = "the push service URL", required = true) String endpoint,
        @Schema(description = "epoch milliseconds when it ends, or null") Long expirationTime,
        @Schema(required = true) Keys keys,
        @Schema(
                        description =
                                "base64url VAPID public key the browser subscribed with; default: the current one",
                        writeOnly = true)
                @JsonInclude(JsonInclude.Include.NON_NULL)
                String applicationServerKey,
        @Schema(
                        description =
                                "the service-worker registration it was made under: the worker a push wakes while the "
                                        + "user has a connected client; default: switchboard.push.default-registration")
                String registration) {

    public record Keys(
            @Schema(description = "the browser's P-256 public key, base64url (65 bytes)") String p256dh,
            @Schema(description = "the authentication secret, base64url (16 bytes)") String auth) {}

    static PushSubscriptionJson of(Subscription subscription) {
        return new PushSubscriptionJson(
                subscription.id(),
                subscription.endpoint(),
                subscription.expirationTime(),
                new Keys(subscription.p256dh(), subscription.auth()),
                null,
                subscription.registrationId());
    }
}
