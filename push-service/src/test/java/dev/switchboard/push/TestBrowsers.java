package dev.switchboard.push;

import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;

import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;

/** Stands in for a browser's {@code PushSubscription.toJSON()} where no real push service is involved. */
public final class TestBrowsers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestBrowsers() {}

    /** A subscription to {@code endpoint} with fresh keys; {@code expirationTime} may be null. */
    public static Map<String, Object> subscription(String endpoint, Long expirationTime) {
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        Map<String, Object> body = new HashMap<>();
        body.put("endpoint", endpoint);
        body.put("expirationTime", expirationTime);
        body.put(
                "keys",
                Map.of(
                        "p256dh",
                        Base64Url.encode(
                                P256.encode((ECPublicKey) P256.generate().getPublic())),
                        "auth",
                        Base64Url.encode(auth)));
        return body;
    }
}
