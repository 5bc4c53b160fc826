package dev.switchboard.push.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.config.IndexType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.model.Subscription;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;

/**
 * Push subscriptions per user, cluster-wide. A subscription arrives in the {@code PushSubscription} JSON shape and
 * is validated here, so that a bad one is refused when it is made rather than failing every send later.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final int AUTH_SECRET_BYTES = 16;

    private static final Duration CHANGE_WAIT = Duration.ofSeconds(10);
    private static final Pattern REGISTRATION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final IMap<String, Subscription> subscriptions;
    private final SubscriptionChanges changes;
    private final String defaultRegistration;
    private final VapidKeyStore vapidKeys;
    private final PushConfig.Subscriptions config;
    private final OutboundPolicy outbound;

    public SubscriptionStore(
            HazelcastInstance hazelcast,
            VapidKeyStore vapidKeys,
            SubscriptionChanges changes,
            PushConfig config,
            OutboundHttp outbound) {
        this.outbound = outbound.policy();
        this.subscriptions = hazelcast.getMap(HazelcastNames.PUSH_SUBSCRIPTIONS);
        this.subscriptions.addIndex(IndexType.HASH, "userId");
        this.vapidKeys = vapidKeys;
        this.changes = changes;
        this.config = config.subscriptions();
        this.defaultRegistration = config.defaultRegistration();
    }

    /**
     * What a browser's {@code PushSubscription.toJSON()} gives, plus the key it subscribed with and the registration
     * it subscribed under (both optional).
     */
    public record NewSubscription(
            String endpoint,
            Long expirationTime,
            String p256dh,
            String auth,
            String applicationServerKey,
            String registration) {}

    /**
     * Stores {@code request} for {@code userId}; the same endpoint stored again replaces the earlier record (a
     * browser re-subscribing), and a replacement with other keys, user or registration is a
     * {@code pushsubscriptionchange} for the old one's worker. An endpoint another user holds moves to
     * {@code userId} only when {@code mayTakeOver} (the backend acting); a user acting as itself is refused, so it
     * cannot redirect another user's pushes to keys of its own.
     */
    public Subscription subscribe(String userId, NewSubscription request, boolean mayTakeOver) {
        URI endpoint = validEndpoint(request.endpoint());
        long now = System.currentTimeMillis();
        if (request.expirationTime() != null && request.expirationTime() <= now) {
            throw new PushException(
                    ProblemType.EXPIRED, "expirationTime " + request.expirationTime() + " is in the past");
        }
        validKey("keys.p256dh", request.p256dh(), P256.PUBLIC_KEY_BYTES);
        try {
            P256.publicKey(Base64Url.decode(request.p256dh()));
        } catch (IllegalArgumentException e) {
            throw new PushException(ProblemType.INVALID_KEY, "keys.p256dh: " + e.getMessage());
        }
        validKey("keys.auth", request.auth(), AUTH_SECRET_BYTES);
        String vapidKeyId = vapidKeyId(request.applicationServerKey());
        String registration = validRegistration(request.registration());
        String id = idOf(endpoint.toString());
        Subscription subscription = new Subscription(
                id,
                userId,
                endpoint.toString(),
                request.expirationTime(),
                request.p256dh(),
                request.auth(),
                vapidKeyId,
                now,
                registration);
        Subscription previous = storeWithinLimit(userId, subscription, mayTakeOver);
        if (previous != null && replaces(previous, subscription)) {
            awaitChange(changes.publish(previous, subscription, SubscriptionChanges.Reason.REPLACED));
        }
        return subscription;
    }

    /**
     * The count and the write under one cluster-wide lock per user, so that two subscribes of one user at the same
     * instant cannot both pass the limit.
     */
    private Subscription storeWithinLimit(String userId, Subscription subscription, boolean mayTakeOver) {
        // The lock key lives in the subscriptions map; subscription ids are base64url, so they never hold a '#'.
        return ClusterLocks.locked(
                subscriptions, ClusterLocks.userLock(userId), "the subscriptions of user " + userId, () -> {
                    Subscription previous = subscriptions.get(subscription.id());
                    if (previous != null && !previous.userId().equals(userId) && !mayTakeOver) {
                        throw new PushException(
                                ProblemType.ENDPOINT_TAKEN,
                                "this endpoint is "
                                        + "another user's subscription; that user unsubscribes it first (or the backend moves it)");
                    }
                    if (previous == null && subscriptions.size() >= config.maxTotal()) {
                        throw new PushException(
                                ProblemType.TOO_MANY_SUBSCRIPTIONS,
                                "the cluster holds " + config.maxTotal()
                                        + " subscriptions (switchboard.push.subscriptions.max-total)");
                    }
                    boolean alreadyCounted =
                            previous != null && previous.userId().equals(userId);
                    if (!alreadyCounted && forUser(userId).size() >= config.maxPerUser()) {
                        throw new PushException(
                                ProblemType.TOO_MANY_SUBSCRIPTIONS,
                                "user " + userId + " already has " + config.maxPerUser()
                                        + " subscriptions (the most allowed)");
                    }
                    subscriptions.set(subscription.id(), subscription);
                    return previous;
                });
    }

    private static boolean replaces(Subscription previous, Subscription next) {
        return !previous.userId().equals(next.userId())
                || !previous.p256dh().equals(next.p256dh())
                || !previous.auth().equals(next.auth())
                || !Objects.equals(previous.registrationId(), next.registrationId());
    }

    private static void awaitChange(Uni<Void> change) {
        try {
            change.await().atMost(CHANGE_WAIT);
        } catch (TimeoutException e) {
            Log.warnf("a pushsubscriptionchange took longer than %s to be accepted by Kafka", CHANGE_WAIT);
        }
    }

    private String validRegistration(String registration) {
        if (registration == null) {
            return defaultRegistration;
        }
        if (!REGISTRATION.matcher(registration).matches()) {
            throw new PushException(
                    ProblemType.INVALID_REGISTRATION, "registration is 1 to 128 characters of A-Z a-z 0-9 . _ : -");
        }
        return registration;
    }

    public Optional<Subscription> find(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    public Optional<Subscription> find(String userId, String id) {
        return find(id).filter(subscription -> subscription.userId().equals(userId));
    }

    /** The user's subscriptions, oldest first; at most {@code max-per-user} of them. */
    public List<Subscription> forUser(String userId) {
        return subscriptions.values(Predicates.equal("userId", userId)).stream()
                .sorted(Comparator.comparingLong(Subscription::createdAtEpochMillis))
                .toList();
    }

    public boolean unsubscribe(String userId, String id) {
        return find(userId, id)
                .map(subscription -> subscriptions.remove(id, subscription))
                .orElse(false);
    }

    /**
     * The push service said the subscription is gone (404/410), or it expired: it is of no further use. Completes
     * once its {@code pushsubscriptionchange} is in Kafka (at once if another node removed it first).
     */
    public CompletionStage<Void> removeGone(Subscription subscription, SubscriptionChanges.Reason reason, String why) {
        if (subscriptions.remove(subscription.id(), subscription)) {
            Log.infof("removed subscription %s of user %s: %s", subscription.id(), subscription.userId(), why);
            return changes.publish(subscription, null, reason).subscribeAsCompletionStage();
        }
        return CompletableFuture.completedFuture(null);
    }

    private URI validEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new PushException(ProblemType.MISSING_ENDPOINT, "endpoint is required");
        }
        if (endpoint.length() > config.maxEndpointLength()) {
            throw new PushException(
                    ProblemType.INVALID_ENDPOINT,
                    "endpoint is longer than " + config.maxEndpointLength() + " characters");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new PushException(ProblemType.INVALID_ENDPOINT, "endpoint is not a URL: " + e.getMessage());
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) && config.allowHttpEndpoints();
        if (!(https || http) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new PushException(
                    ProblemType.INVALID_ENDPOINT,
                    "endpoint must be an absolute " + (config.allowHttpEndpoints() ? "http(s)" : "https")
                            + " URL with a host and no user info");
        }
        try {
            // What can be told without DNS (an address literal, a metadata name, the host allow-list); the address
            // a name resolves to is checked at every send.
            outbound.checkHost(uri.getHost());
        } catch (OutboundException e) {
            throw new PushException(ProblemType.INVALID_ENDPOINT, e.getMessage());
        }
        return uri;
    }

    private static void validKey(String field, String value, int bytes) {
        if (value == null || value.isBlank()) {
            throw new PushException(ProblemType.MISSING_KEY, field + " is required");
        }
        byte[] decoded;
        try {
            decoded = Base64Url.decode(value);
        } catch (IllegalArgumentException e) {
            throw new PushException(ProblemType.INVALID_KEY, field + " is not base64url");
        }
        if (decoded.length != bytes) {
            throw new PushException(
                    ProblemType.INVALID_KEY, field + " must be " + bytes + " bytes, got " + decoded.length);
        }
    }

    private String vapidKeyId(String applicationServerKey) {
        if (applicationServerKey == null) {
            return vapidKeys.current().id();
        }
        byte[] key;
        try {
            key = Base64Url.decode(applicationServerKey);
        } catch (IllegalArgumentException e) {
            throw new PushException(ProblemType.INVALID_KEY, "applicationServerKey is not base64url");
        }
        return vapidKeys
                .idOf(key)
                .orElseThrow(() -> new PushException(
                        ProblemType.UNKNOWN_APPLICATION_SERVER_KEY,
                        "applicationServerKey is not one of this server's VAPID keys"));
    }

    /** The same endpoint always gives the same id; the id reveals nothing of the endpoint. */
    static String idOf(String endpoint) {
        try {
            return Base64Url.encode(
                    MessageDigest.getInstance("SHA-256").digest(endpoint.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
