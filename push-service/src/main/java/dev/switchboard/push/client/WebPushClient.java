package dev.switchboard.push.client;

import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundRequest;
import dev.switchboard.outbound.OutboundResponse;
import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.WebPushEncryption;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.model.Subscription;
import io.opentelemetry.context.Context;

/**
 * Speaks RFC 8030 to a push service: one POST per message to the subscription's endpoint, the payload encrypted
 * (RFC 8291, aes128gcm) on {@code delivery.encryption-threads} threads and the request signed (RFC 8292, VAPID, the
 * token reused per push service origin), with TTL, Urgency and Topic headers. Endpoints are
 * reached only through the outbound policy ({@code switchboard.outbound.*}): a subscription naming a loopback,
 * private or metadata address gets nothing sent, whatever its name resolves to at the time.
 */
@ApplicationScoped
public class WebPushClient {

    /** Push services answer with a few bytes of text at most; more is not read. */
    static final long MAX_ANSWER_BYTES = 65_536;

    private final OutboundHttp http;
    private final PushConfig config;
    private final Clock clock = Clock.systemUTC();
    private final VapidTokens vapidTokens;
    private final ThreadPoolExecutor encryption;
    private final Executor tracedEncryption;

    public WebPushClient(PushConfig config, OutboundHttp http) {
        this.config = config;
        this.vapidTokens = new VapidTokens(config.vapid(), clock);
        this.http = http;
        int threads = config.delivery()
                .encryptionThreads()
                .orElse(Runtime.getRuntime().availableProcessors());
        // Threads start with the first message. The queue never fills: at most max-in-flight messages are being
        // delivered, each waiting for one encryption at a time; a refusal would fail the attempt, retried.
        this.encryption = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.delivery().maxInFlight()),
                new EncryptionThreads());
        this.tracedEncryption = Context.taskWrapping(encryption);
    }

    @PreDestroy
    void stop() {
        encryption.shutdownNow();
    }

    /** What the push service answered. */
    public record Response(int status, Optional<Duration> retryAfter) {}

    /**
     * Sends {@code push} to {@code subscription}, signing with {@code vapidKey}; fails with an
     * {@link dev.switchboard.outbound.OutboundException} when no answer came (refused, unreachable, timed out, busy).
     */
    public CompletableFuture<Response> send(Subscription subscription, PendingPush push, KeyPair vapidKey) {
        // The encryption is the CPU of a send: on the encryption threads, so that messages are encrypted in
        // parallel and the consumer's thread goes on to the next one.
        return CompletableFuture.supplyAsync(() -> request(subscription, push, vapidKey), tracedEncryption)
                .thenCompose(request -> http.send(request, config.delivery().requestTimeout(), MAX_ANSWER_BYTES)
                        .map(response -> new Response(
                                response.status(),
                                header(response, "Retry-After").flatMap(this::retryAfter)))
                        .toCompletionStage());
    }

    OutboundRequest request(Subscription subscription, PendingPush push, KeyPair vapidKey) {
        URI endpoint = URI.create(subscription.endpoint());
        Instant now = clock.instant();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("TTL", Long.toString(push.remainingTtlSeconds(now.toEpochMilli()))));
        headers.add(
                Map.entry("Authorization", vapidTokens.authorization(subscription.vapidKeyId(), vapidKey, endpoint)));
        if (push.urgency() != null) {
            headers.add(Map.entry("Urgency", push.urgency()));
        }
        if (push.topic() != null) {
            headers.add(Map.entry("Topic", push.topic()));
        }
        if (push.payload() == null) {
            return new OutboundRequest("POST", endpoint.toString(), headers, new byte[0]);
        }
        byte[] body = WebPushEncryption.encrypt(
                Base64Url.decode(push.payload()),
                Base64Url.decode(subscription.p256dh()),
                Base64Url.decode(subscription.auth()));
        headers.add(Map.entry("Content-Encoding", "aes128gcm"));
        headers.add(Map.entry("Content-Type", "application/octet-stream"));
        return new OutboundRequest("POST", endpoint.toString(), headers, body);
    }

    /** Named daemon threads: a stuck encryption must not keep the JVM up. */
    private static final class EncryptionThreads implements ThreadFactory {

        private final AtomicInteger created = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "push-encryption-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    private static Optional<String> header(OutboundResponse response, String name) {
        return response.headers().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** {@code Retry-After} is either seconds or an HTTP date (RFC 9110 section 10.2.3). */
    private Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }
}
