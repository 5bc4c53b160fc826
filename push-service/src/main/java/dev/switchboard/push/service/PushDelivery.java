package dev.switchboard.push.service;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.Channels;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.push.client.WebPushClient;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.model.Subscription;
import io.cloudevents.CloudEvent;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;

/**
 * Delivers the accepted messages of {@code switchboard.push.sends} by Web Push. A record is acknowledged only when
 * its message is settled (delivered, expired, replaced, or failed for good), so a node that dies mid-delivery
 * leaves it to be delivered again by the next owner of its partition: at-least-once.
 *
 * <p>
 * Retries wait on a timer, not on a thread, and do not hold up the partition; at most {@code max-in-flight}
 * messages are in progress per node, past which the consumer waits for one to settle.
 */
@ApplicationScoped
public class PushDelivery {

    /** How a message ended; {@code reason} names the failure for the metrics. */
    public record Outcome(Kind kind, String reason) {

        public enum Kind {
            DELIVERED,
            EXPIRED,
            REPLACED,
            FAILED
        }

        static final Outcome DELIVERED = new Outcome(Kind.DELIVERED, null);
        static final Outcome EXPIRED = new Outcome(Kind.EXPIRED, null);
        static final Outcome REPLACED = new Outcome(Kind.REPLACED, null);

        static Outcome failed(String reason) {
            return new Outcome(Kind.FAILED, reason);
        }
    }

    private final WebPushClient client;
    private final SubscriptionStore subscriptions;
    private final VapidKeyStore vapidKeys;
    private final TopicReplacement topics;
    private final PushMetrics metrics;
    private final ObjectMapper json;
    private final PushConfig.Delivery config;
    private final Semaphore inFlight;

    public PushDelivery(
            WebPushClient client,
            SubscriptionStore subscriptions,
            VapidKeyStore vapidKeys,
            TopicReplacement topics,
            PushMetrics metrics,
            ObjectMapper json,
            PushConfig config) {
        this.client = client;
        this.subscriptions = subscriptions;
        this.vapidKeys = vapidKeys;
        this.topics = topics;
        this.metrics = metrics;
        this.json = json;
        this.config = config.delivery();
        this.inFlight = new Semaphore(config.delivery().maxInFlight());
    }

    @Incoming(Channels.PUSH_DELIVERY)
    @Blocking
    public CompletionStage<Void> consume(Message<CloudEvent> message) throws InterruptedException {
        Optional<PendingPush> push = read(message.getPayload());
        if (push.isEmpty()) {
            metrics.failed("invalid-event");
            return message.ack();
        }
        inFlight.acquire();
        Log.debugf(
                "delivering push %s to subscription %s",
                push.get().id(), push.get().subscriptionId());
        deliver(push.get()).whenComplete((outcome, failure) -> {
            inFlight.release();
            if (failure != null) {
                // A bug, not an answer: the nack fails the channel (failure-strategy fail), the node reports
                // itself unhealthy, and the uncommitted record is delivered again after the restart.
                Log.errorf(
                        failure,
                        "delivery of push %s failed unexpectedly",
                        push.get().id());
                message.nack(failure);
            } else {
                message.ack();
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Delivers {@code push}, retrying as configured; completes with how it ended. */
    public CompletableFuture<Outcome> deliver(PendingPush push) {
        return attempt(push, 1).thenApply(outcome -> settle(push, outcome));
    }

    /** One try; a failure of our own side (Hazelcast unreachable, say) is retried like a push service's 5xx. */
    private CompletableFuture<Outcome> attempt(PendingPush push, int attempt) {
        try {
            return tryOnce(push, attempt);
        } catch (RuntimeException e) {
            Log.warnf("push %s: attempt %d failed on our side: %s", push.id(), attempt, e.toString());
            return retry(push, attempt, Optional.empty(), "error");
        }
    }

    private CompletableFuture<Outcome> tryOnce(PendingPush push, int attempt) {
        long now = System.currentTimeMillis();
        if (now > push.expiresAtEpochMillis()) {
            return CompletableFuture.completedFuture(Outcome.EXPIRED);
        }
        if (topics.replaced(push)) {
            return CompletableFuture.completedFuture(Outcome.REPLACED);
        }
        Optional<Subscription> found = subscriptions.find(push.subscriptionId());
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(Outcome.failed("unsubscribed"));
        }
        Subscription subscription = found.get();
        if (subscription.expiredAt(now)) {
            return subscriptions
                    .removeGone(subscription, SubscriptionChanges.Reason.EXPIRED, "its expirationTime has passed")
                    .thenApply(changed -> Outcome.failed("subscription-expired"))
                    .toCompletableFuture();
        }
        return vapidKeys
                .keyPair(subscription.vapidKeyId())
                .map(key -> client.send(subscription, push, key)
                        .thenCompose(response -> answered(push, subscription, attempt, response))
                        .exceptionallyCompose(failure -> noAnswer(push, attempt, failure)))
                .orElseGet(() -> CompletableFuture.completedFuture(Outcome.failed("unknown-vapid-key")));
    }

    private CompletionStage<Outcome> answered(
            PendingPush push, Subscription subscription, int attempt, WebPushClient.Response response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return CompletableFuture.completedFuture(Outcome.DELIVERED);
        }
        if (status == 404 || status == 410) {
            return subscriptions
                    .removeGone(subscription, SubscriptionChanges.Reason.GONE, "the push service answered " + status)
                    .thenApply(changed -> Outcome.failed("gone"));
        }
        if (status == 429) {
            Duration wait = response.retryAfter().orElse(backoff(attempt));
            if (wait.compareTo(config.maxRetryAfter()) > 0) {
                return CompletableFuture.completedFuture(Outcome.failed("rate-limited"));
            }
            return retry(push, attempt, Optional.of(wait), "rate-limited");
        }
        if (status >= 500) {
            // Retry-After on a 5xx is a hint, capped: one endpoint answering "503 Retry-After: 80000" must not hold
            // a send (and a slot of max-in-flight) for a day.
            return retry(push, attempt, response.retryAfter(), "server-error");
        }
        if (status == 413) {
            return CompletableFuture.completedFuture(Outcome.failed("too-large"));
        }
        // 400, 401, 403 and the like: the push service refuses this request, and would refuse it again.
        return CompletableFuture.completedFuture(Outcome.failed("rejected-" + status));
    }

    /** No answer came: an endpoint the outbound policy refuses fails at once, anything else is tried again. */
    private CompletableFuture<Outcome> noAnswer(PendingPush push, int attempt, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof OutboundException outbound && outbound.kind() == OutboundException.Kind.REFUSED) {
            Log.warnf("push %s to subscription %s: %s", push.id(), push.subscriptionId(), outbound.getMessage());
            return CompletableFuture.completedFuture(Outcome.failed("refused-endpoint"));
        }
        return retry(push, attempt, Optional.empty(), ioReason(cause));
    }

    private CompletableFuture<Outcome> retry(
            PendingPush push, int attempt, Optional<Duration> requested, String reason) {
        if (attempt >= config.maxAttempts()) {
            return CompletableFuture.completedFuture(Outcome.failed(reason));
        }
        Duration wait = capped(requested.orElse(backoff(attempt)));
        if (System.currentTimeMillis() + wait.toMillis() > push.expiresAtEpochMillis()) {
            return CompletableFuture.completedFuture(Outcome.EXPIRED); // it would be stale before the next try
        }
        metrics.retried();
        Log.debugf("push %s: attempt %d failed (%s), next in %s", push.id(), attempt, reason, wait);
        Executor later = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.supplyAsync(() -> attempt(push, attempt + 1), later)
                .thenCompose(next -> next);
    }

    /** No wait between two attempts is longer than {@code max-retry-after}, whatever a push service asks. */
    Duration capped(Duration wait) {
        return wait.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : wait;
    }

    /** {@code initial-backoff} doubled per attempt made, capped at {@code max-backoff}. */
    Duration backoff(int attempt) {
        Duration wait = config.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 30));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private Outcome settle(PendingPush push, Outcome outcome) {
        Log.debugf("push %s settled: %s", push.id(), outcome);
        switch (outcome.kind()) {
            case DELIVERED -> metrics.delivered();
            case EXPIRED -> metrics.expired();
            case REPLACED -> metrics.replaced();
            case FAILED -> {
                metrics.failed(outcome.reason());
                Log.infof("push %s to subscription %s failed: %s", push.id(), push.subscriptionId(), outcome.reason());
            }
        }
        return outcome;
    }

    private static String ioReason(Throwable cause) {
        if (cause instanceof OutboundException outbound) {
            return outbound.kind() == OutboundException.Kind.BUSY ? "busy" : "unreachable";
        }
        return cause instanceof IOException ? "unreachable" : "error";
    }

    private Optional<PendingPush> read(CloudEvent event) {
        if (event == null || !EventTypes.PUSH_SEND.equals(event.getType()) || SwitchboardEvents.data(event) == null) {
            Log.warnf("passing over a record of %s that is not a push send", Channels.PUSH_DELIVERY);
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(SwitchboardEvents.data(event), PendingPush.class));
        } catch (IOException e) {
            Log.warnf("passing over push send %s: its data is not a pending push (%s)", event.getId(), e.getMessage());
            return Optional.empty();
        }
    }
}
