package dev.switchboard.push.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.PushMessages;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.WebPushEncryption;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.model.Subscription;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The send API's service: validates a message, and accepts it for each target subscription by writing it to
 * Kafka ({@code switchboard.push.sends}). A send is accepted only once the broker has every one of its messages;
 * from there {@link PushDelivery} takes over.
 */
@ApplicationScoped
public class PushSender {

    private static final Set<String> URGENCIES = Set.of("very-low", "low", "normal", "high");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final MutinyEmitter<CloudEvent> sends;
    private final SubscriptionStore subscriptions;
    private final ConnectedClients clients;
    private final WorkerEventPublisher workerEvents;
    private final TopicReplacement topics;
    private final PushMetrics metrics;
    private final ObjectMapper json;
    private final PushConfig.Delivery config;
    private final String defaultRegistration;
    private final int writeConcurrency;
    private final URI source;

    public PushSender(
            @Channel(Channels.PUSH_SENDS) MutinyEmitter<CloudEvent> sends,
            SubscriptionStore subscriptions,
            ConnectedClients clients,
            WorkerEventPublisher workerEvents,
            TopicReplacement topics,
            PushMetrics metrics,
            ObjectMapper json,
            PushConfig config) {
        this.sends = sends;
        this.subscriptions = subscriptions;
        this.clients = clients;
        this.workerEvents = workerEvents;
        this.topics = topics;
        this.metrics = metrics;
        this.json = json;
        this.config = config.delivery();
        this.defaultRegistration = config.defaultRegistration();
        this.writeConcurrency = config.topics().sendConcurrency();
        this.source = ServiceSources.of("push-service", config.nodeId());
    }

    /** How an accepted message travels: by Web Push to a subscription, or to the worker of a registration. */
    public enum Via {
        @JsonProperty("web-push")
        WEB_PUSH,
        @JsonProperty("worker")
        WORKER
    }

    /**
     * One accepted message: its id, and the subscription it goes to (by Web Push) or the registration whose worker
     * it wakes (the user has a connected client).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Accepted(String id, String subscriptionId, Via via, String registration) {}

    /** A message that passed validation, ready to go to any number of targets. */
    private record Validated(String text, String payload, long ttl, String urgency, String topic, long acceptedAt) {}

    /** To one subscription, by Web Push (the sender named the device). */
    public Uni<List<Accepted>> toSubscription(String subscriptionId, PushMessage message) {
        Subscription subscription = subscriptions
                .find(subscriptionId)
                .orElseThrow(() -> new PushException(ProblemType.NO_SUBSCRIPTION, "no subscription " + subscriptionId));
        return writeAll(List.of(webPush(subscription, validated(message))));
    }

    /**
     * To a user: while the user has a client connected anywhere in the cluster, one {@code push} event for the
     * worker of each registration the user's subscriptions were made under (the default registration if none);
     * otherwise by Web Push to every subscription (none accepted, and an empty list, when the user has none).
     */
    public Uni<List<Accepted>> toUser(String userId, PushMessage message) {
        return writeAll(forUser(userId, validated(message)));
    }

    /** To each of {@code userIds} as {@link #toUser} does; at most {@code topics.send-concurrency} writes at once. */
    public Uni<List<Accepted>> toUsers(List<String> userIds, PushMessage message) {
        Validated validated = validated(message);
        return writeAll(userIds.stream()
                .flatMap(userId -> forUser(userId, validated).stream())
                .toList());
    }

    private List<Uni<Accepted>> forUser(String userId, Validated message) {
        List<Subscription> targets = subscriptions.forUser(userId);
        if (!clients.anyOf(userId)) {
            return targets.stream().map(target -> webPush(target, message)).toList();
        }
        Set<String> registrations = new LinkedHashSet<>();
        targets.forEach(target ->
                registrations.add(target.registrationId() == null ? defaultRegistration : target.registrationId()));
        if (registrations.isEmpty()) {
            registrations.add(defaultRegistration);
        }
        return registrations.stream()
                .map(registration -> wake(userId, registration, message))
                .toList();
    }

    private Validated validated(PushMessage message) {
        String text = message.payload();
        String payload = validPayload(text);
        long ttl = validTtl(message.ttl());
        validate(message.urgency(), message.topic());
        return new Validated(text, payload, ttl, message.urgency(), message.topic(), System.currentTimeMillis());
    }

    private Uni<List<Accepted>> writeAll(List<Uni<Accepted>> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join()
                .all(writes)
                .usingConcurrencyOf(writeConcurrency)
                .andFailFast()
                .onFailure()
                .transform(failure -> new PushException(
                        ProblemType.NOT_ACCEPTED,
                        "the message could not be made durable, nothing was accepted: " + failure.getMessage()));
    }

    /** A {@code dev.switchboard.push.push} event: the worker's {@code push} event, durable in Kafka. */
    private Uni<Accepted> wake(String userId, String registration, Validated message) {
        String id = UUID.randomUUID().toString();
        CloudEvent event = PushMessages.pushEvent(
                source,
                userId,
                registration,
                new PushMessages.Push(id, message.text(), message.ttl(), message.urgency(), message.topic()));
        return workerEvents
                .publish(event)
                .onItem()
                .invoke(() -> {
                    metrics.accepted();
                    metrics.wokeWorker();
                })
                .replaceWith(new Accepted(id, null, Via.WORKER, registration));
    }

    private Uni<Accepted> webPush(Subscription target, Validated message) {
        PendingPush push = new PendingPush(
                UUID.randomUUID().toString(),
                target.id(),
                message.payload(),
                message.ttl(),
                message.urgency(),
                message.topic(),
                message.acceptedAt());
        topics.accepted(push);
        CloudEvent event = CloudEventBuilder.v1()
                .withId(push.id())
                .withSource(source)
                .withType(EventTypes.PUSH_SEND)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withSubject(push.subscriptionId())
                .withExtension(EventExtensions.PARTITION_KEY, push.subscriptionId())
                .withData(SwitchboardEvents.JSON, serialise(push))
                .build();
        return WorkerEventPublisher.send(sends, event)
                .onItem()
                .invoke(metrics::accepted)
                .onFailure()
                .invoke(failure -> topics.withdrawn(push))
                .replaceWith(new Accepted(push.id(), push.subscriptionId(), Via.WEB_PUSH, null));
    }

    private String validPayload(String payload) {
        if (payload == null) {
            return null;
        }
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        int limit = Math.min(config.maxPayloadBytes(), WebPushEncryption.MAX_PLAINTEXT_BYTES);
        if (bytes.length > limit) {
            throw new PushException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "payload is " + bytes.length + " bytes in UTF-8; a push message carries at most " + limit);
        }
        return Base64Url.encode(bytes);
    }

    private long validTtl(Long ttl) {
        if (ttl == null) {
            return config.defaultTtl().toSeconds();
        }
        if (ttl < 0 || Duration.ofSeconds(ttl).compareTo(config.maxTtl()) > 0) {
            throw new PushException(
                    ProblemType.INVALID_TTL,
                    "ttl must be between 0 and " + config.maxTtl().toSeconds() + " seconds, got " + ttl);
        }
        return ttl;
    }

    private static void validate(String urgency, String topic) {
        if (urgency != null && !URGENCIES.contains(urgency)) {
            throw new PushException(
                    ProblemType.INVALID_URGENCY, "urgency must be one of " + URGENCIES + ", got '" + urgency + "'");
        }
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            throw new PushException(
                    ProblemType.INVALID_TOPIC, "topic must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)");
        }
    }

    private byte[] serialise(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a push as JSON", e);
        }
    }
}
