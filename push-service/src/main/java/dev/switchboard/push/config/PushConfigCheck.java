package dev.switchboard.push.config;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.switchboard.contract.settings.ConfigProblems;
import dev.switchboard.push.crypto.WebPushEncryption;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a push-service whose settings cannot work together, naming every key at fault at once: a
 * consumer must not take a message or a sync that is still being worked on for a stuck record (its offsets would
 * stop being committed and the channel fail), a payload limit must fit in one Web Push record, a VAPID token must be valid at most 24 hours and be renewed before
 * it expires, and a 503's
 * {@code Retry-After} must say to wait. The settings every service shares are checked beside this
 * ({@code SharedSettingsCheck}).
 */
@ApplicationScoped
public class PushConfigCheck {

    static final String DELIVERY_MAX_AGE =
            "mp.messaging.incoming.push-delivery.throttled.unprocessed-record-max-age.ms";
    static final String SYNC_MAX_AGE = "mp.messaging.incoming.sync.throttled.unprocessed-record-max-age.ms";
    /** The longest a VAPID token may be valid for (RFC 8292 section 2). */
    static final Duration MAX_TOKEN_VALIDITY = Duration.ofHours(24);
    /** The connector's default for a throttled channel that sets none. */
    private static final long CONNECTOR_DEFAULT_MAX_AGE = 60_000;

    void check(@Observes @Priority(1) StartupEvent startup, PushConfig config, Config raw) {
        ConfigProblems.throwIfAny("push-service cannot start", problems(config, raw));
    }

    /** Every problem of the configuration, each naming its keys; empty when push-service may start. */
    static List<String> problems(PushConfig config, Config raw) {
        ConfigProblems problems = new ConfigProblems();
        PushConfig.Delivery delivery = config.delivery();
        // Every wait between attempts plus every attempt, before the message settles.
        Duration longestWait = delivery.maxRetryAfter().compareTo(delivery.maxBackoff()) > 0
                ? delivery.maxRetryAfter()
                : delivery.maxBackoff();
        Duration unsettled = longestWait
                .multipliedBy(delivery.maxAttempts() - 1L)
                .plus(delivery.requestTimeout().multipliedBy(delivery.maxAttempts()));
        long deliveryMaxAge = maxAge(raw, DELIVERY_MAX_AGE);
        // A max age of 0 turns the connector's watch off: then nothing is too slow for it.
        problems.require(
                deliveryMaxAge <= 0 || unsettled.toMillis() < deliveryMaxAge,
                "a push may stay unsettled for " + unsettled + " (switchboard.push.delivery: max-attempts, "
                        + "max-retry-after, max-backoff, request-timeout) but " + DELIVERY_MAX_AGE + " is "
                        + deliveryMaxAge + " ms; raise it or lower those");
        // A sync's record is acknowledged once it settles: at the latest its last attempt's timeout after retention.
        PushConfig.Sync sync = config.sync();
        Duration syncUnsettled = sync.retention().plus(sync.attemptTimeout());
        long syncMaxAge = maxAge(raw, SYNC_MAX_AGE);
        problems.require(
                syncMaxAge <= 0 || syncUnsettled.toMillis() < syncMaxAge,
                "a sync may stay unsettled for " + syncUnsettled + " (switchboard.push.sync.retention + "
                        + "switchboard.push.sync.attempt-timeout) but " + SYNC_MAX_AGE + " is " + syncMaxAge
                        + " ms; raise it or lower those");
        int payload = delivery.maxPayloadBytes();
        problems.require(
                        payload >= 1 && payload <= WebPushEncryption.MAX_PLAINTEXT_BYTES,
                        "switchboard.push.delivery.max-payload-bytes must be between 1 and "
                                + WebPushEncryption.MAX_PLAINTEXT_BYTES
                                + " (what one aes128gcm record of 4096 bytes carries), "
                                + "not " + payload)
                .positive("switchboard.push.retry-after", config.retryAfter());
        PushConfig.Vapid vapid = config.vapid();
        problems.require(
                        vapid.tokenValidity().compareTo(MAX_TOKEN_VALIDITY) <= 0,
                        "switchboard.push.vapid.token-validity must be at most " + MAX_TOKEN_VALIDITY
                                + " (RFC 8292 section 2), not " + vapid.tokenValidity())
                .positive("switchboard.push.vapid.token-renewal-margin", vapid.tokenRenewalMargin())
                .require(
                        vapid.tokenRenewalMargin().compareTo(vapid.tokenValidity()) < 0,
                        "switchboard.push.vapid.token-renewal-margin (" + vapid.tokenRenewalMargin()
                                + ") must be shorter than switchboard.push.vapid.token-validity ("
                                + vapid.tokenValidity() + ")")
                .positive("switchboard.push.vapid.token-cache-size", vapid.tokenCacheSize());
        delivery.encryptionThreads()
                .ifPresent(threads -> problems.positive("switchboard.push.delivery.encryption-threads", threads));
        return problems.list();
    }

    private static long maxAge(Config raw, String key) {
        return raw.getOptionalValue(key, Long.class).orElse(CONNECTOR_DEFAULT_MAX_AGE);
    }
}
