package dev.switchboard.push.service;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.event.PushMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.model.Subscription;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Tells the worker of a subscription's registration that the subscription changed ({@code pushsubscriptionchange}):
 * its push service said it is gone (404/410), its {@code expirationTime} passed, or the browser replaced it.
 */
@ApplicationScoped
public class SubscriptionChanges {

    /** Why a subscription changed, as the event's {@code reason}. */
    public enum Reason {
        GONE("gone"),
        EXPIRED("expired"),
        REPLACED("replaced");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }
    }

    private final WorkerEventPublisher events;
    private final PushMetrics metrics;
    private final URI source;
    private final String defaultRegistration;

    public SubscriptionChanges(WorkerEventPublisher events, PushMetrics metrics, PushConfig config) {
        this.events = events;
        this.metrics = metrics;
        this.source = ServiceSources.of("push-service", config.nodeId());
        this.defaultRegistration = config.defaultRegistration();
    }

    /**
     * Publishes the change of {@code old} ({@code replacement} is null unless replaced); completes once Kafka has
     * it. A failure is logged and swallowed: the change itself has happened and must not be undone by it.
     */
    public Uni<Void> publish(Subscription old, Subscription replacement, Reason reason) {
        PushMessages.SubscriptionChange change = new PushMessages.SubscriptionChange(
                reason.wireName, pushSubscription(old), replacement == null ? null : pushSubscription(replacement));
        String registration = old.registrationId() == null ? defaultRegistration : old.registrationId();
        return events.publish(PushMessages.subscriptionChangeEvent(source, old.userId(), registration, change))
                .onItem()
                .invoke(() -> metrics.subscriptionChanged(reason.wireName))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "pushsubscriptionchange (%s) of subscription %s could not be published: %s",
                            reason.wireName, old.id(), failure.getMessage());
                    return null;
                });
    }

    /** The browser's {@code PushSubscription.toJSON()} shape. */
    private static PushMessages.Subscription pushSubscription(Subscription subscription) {
        return new PushMessages.Subscription(
                subscription.endpoint(),
                subscription.expirationTime(),
                new PushMessages.Keys(subscription.p256dh(), subscription.auth()));
    }
}
