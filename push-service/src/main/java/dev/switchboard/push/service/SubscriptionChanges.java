package dev.switchboard.push.service;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
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
        GONE("gone"), EXPIRED("expired"), REPLACED("replaced");

        private final String wireName;

        Reason(String wireName) {
            this.wireName = wireName;
        }
    }

    private final WorkerEventPublisher events;
    private final PushMetrics metrics;
    private final ObjectMapper json;
    private final URI source;
    private final String defaultRegistration;

    public SubscriptionChanges(WorkerEventPublisher events, PushMetrics metrics, ObjectMapper json, PushConfig config) {
        this.events = events;
        this.metrics = metrics;
        this.json = json;
        this.source = ServiceSources.of("push-service", config.nodeId());
        this.defaultRegistration = config.defaultRegistration();
    }

    /**
     * Publishes the change of {@code old} ({@code replacement} is null unless replaced); completes once Kafka has
     * it. A failure is logged and swallowed: the change itself has happened and must not be undone by it.
     */
    public Uni<Void> publish(Subscription old, Subscription replacement, Reason reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason.wireName);
        data.put("oldSubscription", pushSubscription(old));
        data.put("newSubscription", replacement == null ? null : pushSubscription(replacement));
        String registration = old.registrationId() == null ? defaultRegistration : old.registrationId();
        return events.publish(SwitchboardEvents.userEvent(source, EventTypes.PUSH_SUBSCRIPTION_CHANGE, old.userId(),
                        old.userId(), registration, write(data)))
                .onItem().invoke(() -> metrics.subscriptionChanged(reason.wireName))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("pushsubscriptionchange (%s) of subscription %s could not be published: %s",
                            reason.wireName, old.id(), failure.getMessage());
                    return null;
                });
    }

    /** The browser's {@code PushSubscription.toJSON()} shape. */
    private static Map<String, Object> pushSubscription(Subscription subscription) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("endpoint", subscription.endpoint());
        shape.put("expirationTime", subscription.expirationTime());
        shape.put("keys", Map.of("p256dh", subscription.p256dh(), "auth", subscription.auth()));
        return shape;
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a subscription change could not be written as JSON", e);
        }
    }
}
