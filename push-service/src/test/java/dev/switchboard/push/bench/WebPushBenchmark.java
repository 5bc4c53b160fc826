package dev.switchboard.push.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.switchboard.push.crypto.P256;
import dev.switchboard.push.crypto.VapidSigner;
import dev.switchboard.push.crypto.WebPushEncryption;

/**
 * Web Push encrypt-and-sign per second on one thread: per message a fresh ephemeral key, ECDH, the RFC 8291 key
 * schedule and AES-128-GCM, then a VAPID ES256 JWT, which is what node {@code web-push}'s
 * {@code generateRequestDetails} does per call ({@code src/test/resources/web-push-benchmark.js} measures that).
 * It also measures the encryption alone, the JWT reused, which is what push-service does per push service origin.
 * Not part of the build; run as docs/push.md says. Arguments: [seconds to measure] [payload bytes].
 */
public final class WebPushBenchmark {

    private WebPushBenchmark() {}

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        byte[] payload = "x".repeat(payloadBytes).getBytes(StandardCharsets.UTF_8);
        ECPublicKey browserKey = (ECPublicKey) P256.generate().getPublic();
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        KeyPair vapid = P256.generate();
        URI endpoint = URI.create("https://push.example.net/wpush/v2/abcdef");

        run(Math.max(2, seconds / 3), payload, browserKey, auth, vapid, endpoint, true); // warm-up: JIT, caches
        long signed = run(seconds, payload, browserKey, auth, vapid, endpoint, true);
        long encrypted = run(seconds, payload, browserKey, auth, vapid, endpoint, false);
        // The JDK's own logger: this runs on the bare class path, without Quarkus or JBoss Logging.
        System.getLogger(WebPushBenchmark.class.getName())
                .log(
                        System.Logger.Level.INFO,
                        String.format(
                                "java %s, payload %d bytes: %.0f encrypt-and-sign/s (a new VAPID JWT each message), "
                                        + "%.0f encrypt/s (the JWT reused, as push-service does per push service origin)",
                                System.getProperty("java.version"),
                                payloadBytes,
                                signed / (double) seconds,
                                encrypted / (double) seconds));
    }

    private static long run(
            int seconds,
            byte[] payload,
            ECPublicKey browserKey,
            byte[] auth,
            KeyPair vapid,
            URI endpoint,
            boolean signEach) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long messages = 0;
        int sink = 0;
        String reused = VapidSigner.authorization(
                endpoint, vapid, "mailto:bench@example.net", Instant.now().plusSeconds(3600));
        while (System.nanoTime() < end) {
            byte[] body = WebPushEncryption.encrypt(payload, browserKey, auth);
            String authorization = signEach
                    ? VapidSigner.authorization(
                            endpoint,
                            vapid,
                            "mailto:bench@example.net",
                            Instant.now().plusSeconds(3600))
                    : reused;
            sink += body.length + authorization.length(); // keeps the work from being optimised away
            messages++;
        }
        if (sink == 0) {
            throw new IllegalStateException("nothing was produced");
        }
        return messages;
    }
}
