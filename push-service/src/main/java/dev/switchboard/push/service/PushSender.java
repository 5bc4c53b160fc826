package dev.switchboard.push.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.WebPushEncryption;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.model.Subscription;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

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
    private final TopicReplacement topics;
    private final PushMetrics metrics;
    private final ObjectMapper json;
    private final PushConfig.Delivery config;
    private final URI source;

    public PushSender(@Channel(Channels.PUSH_SENDS) MutinyEmitter<CloudEvent> sends, SubscriptionStore subscriptions,
            TopicReplacement topics, PushMetrics metrics, ObjectMapper json, PushConfig config) {
        this.sends = sends;
        this.subscriptions = subscriptions;
        this.topics = topics;
        this.metrics = metrics;
        this.json = json;
        this.config = config.delivery();
        this.source = ServiceSources.of("push-service", config.nodeId());
    }

    /** One accepted message: its id and the subscription it goes to. */
    public record Accepted(String id, String subscriptionId) {
    }

    public Uni<List<Accepted>> toSubscription(String subscriptionId, PushMessage message) {
        Subscription subscription = subscriptions.find(subscriptionId).orElseThrow(() -> new PushException(
                PushException.Kind.NOT_FOUND, "no-subscription", "no subscription " + subscriptionId));
        return accept(List.of(subscription), message);
    }

    /** To every subscription of the user (none accepted, and an empty list, when the user has none). */
    public Uni<List<Accepted>> toUser(String userId, PushMessage message) {
        return accept(subscriptions.forUser(userId), message);
    }

    private Uni<List<Accepted>> accept(List<Subscription> targets, PushMessage message) {
        String payload = validPayload(message.payload());
        long ttl = validTtl(message.ttl());
        validate(message.urgency(), message.topic());
        long now = System.currentTimeMillis();
        List<PendingPush> pushes = targets.stream().map(target -> new PendingPush(UUID.randomUUID().toString(),
                target.id(), payload, ttl, message.urgency(), message.topic(), now)).toList();
        if (pushes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(pushes.stream().map(this::write).toList()).andFailFast()
                .onFailure().transform(failure -> new PushException(PushException.Kind.UNAVAILABLE, "not-accepted",
                        "the message could not be made durable, nothing was accepted: " + failure.getMessage()));
    }

    private Uni<Accepted> write(PendingPush push) {
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
        return Uni.createFrom().deferred(() -> sends.sendMessage(Message.of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(push.subscriptionId()).build())))
                .onItem().invoke(metrics::accepted)
                .onFailure().invoke(failure -> topics.withdrawn(push))
                .replaceWith(new Accepted(push.id(), push.subscriptionId()));
    }

    private String validPayload(String payload) {
        if (payload == null) {
            return null;
        }
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        int limit = Math.min(config.maxPayloadBytes(), WebPushEncryption.MAX_PLAINTEXT_BYTES);
        if (bytes.length > limit) {
            throw new PushException(PushException.Kind.TOO_LARGE, "payload-too-large",
                    "payload is " + bytes.length + " bytes in UTF-8; a push message carries at most " + limit);
        }
        return Base64Url.encode(bytes);
    }

    private long validTtl(Long ttl) {
        if (ttl == null) {
            return config.defaultTtl().toSeconds();
        }
        if (ttl < 0 || Duration.ofSeconds(ttl).compareTo(config.maxTtl()) > 0) {
            throw PushException.invalid("invalid-ttl",
                    "ttl must be between 0 and " + config.maxTtl().toSeconds() + " seconds, got " + ttl);
        }
        return ttl;
    }

    private static void validate(String urgency, String topic) {
        if (urgency != null && !URGENCIES.contains(urgency)) {
            throw PushException.invalid("invalid-urgency", "urgency must be one of " + URGENCIES + ", got '" + urgency + "'");
        }
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            throw PushException.invalid("invalid-topic", "topic must be 1 to 32 base64url characters (A-Z a-z 0-9 - _)");
        }
    }

    private byte[] serialise(PendingPush push) {
        try {
            return json.writeValueAsBytes(push);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a pending push as JSON", e);
        }
    }
}
