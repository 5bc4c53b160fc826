package dev.switchboard.push.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.crypto.WebPushEncryption;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.model.Subscription;

/**
 * Speaks RFC 8030 to a push service: one POST per message to the subscription's endpoint, the payload encrypted
 * (RFC 8291, aes128gcm) and the request signed (RFC 8292, VAPID), with TTL, Urgency and Topic headers.
 */
@ApplicationScoped
public class WebPushClient {

    private final HttpClient http;
    private final PushConfig config;
    private final Clock clock = Clock.systemUTC();
    private final VapidTokens vapidTokens;

    public WebPushClient(PushConfig config) {
        this.config = config;
        this.vapidTokens = new VapidTokens(config.vapid(), clock);
        this.http = HttpClient.newBuilder().connectTimeout(config.delivery().requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What the push service answered. */
    public record Response(int status, Optional<Duration> retryAfter) {
    }

    /** Sends {@code push} to {@code subscription}, signing with {@code vapidKey}; fails on I/O errors only. */
    public CompletableFuture<Response> send(Subscription subscription, PendingPush push,
            KeyPair vapidKey) {
        return http.sendAsync(request(subscription, push, vapidKey), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Response(response.statusCode(),
                        response.headers().firstValue("Retry-After").flatMap(this::retryAfter)));
    }

    HttpRequest request(Subscription subscription, PendingPush push, KeyPair vapidKey) {
        URI endpoint = URI.create(subscription.endpoint());
        Instant now = clock.instant();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(config.delivery().requestTimeout())
                // Push services speak HTTP/2 over TLS; a cleartext endpoint (a local one) gets plain HTTP/1.1.
                .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .header("TTL", Long.toString(push.remainingTtlSeconds(now.toEpochMilli())))
                .header("Authorization", vapidTokens.authorization(subscription.vapidKeyId(), vapidKey, endpoint));
        if (push.urgency() != null) {
            request.header("Urgency", push.urgency());
        }
        if (push.topic() != null) {
            request.header("Topic", push.topic());
        }
        if (push.payload() == null) {
            return request.POST(HttpRequest.BodyPublishers.noBody()).build();
        }
        byte[] body = WebPushEncryption.encrypt(Base64Url.decode(push.payload()),
                P256.publicKey(Base64Url.decode(subscription.p256dh())), Base64Url.decode(subscription.auth()));
        return request.header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** {@code Retry-After} is either seconds or an HTTP date (RFC 9110 section 10.2.3). */
    private Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }
}
