package dev.switchboard.push.crypto;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;

/**
 * Voluntary Application Server Identification (RFC 8292): a JWT signed with ES256 by the application server's
 * key, for the origin of a push endpoint, sent as {@code Authorization: vapid t=<jwt>, k=<public key>}.
 */
public final class VapidSigner {

    private static final String HEADER =
            Base64Url.encode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));

    private VapidSigner() {}

    /**
     * The {@code Authorization} header value for a request to {@code endpoint}.
     *
     * @param subject a {@code mailto:} or {@code https:} contact for the push service's operator
     * @param expiry the token's {@code exp}; RFC 8292 allows at most 24 hours ahead
     */
    public static String authorization(URI endpoint, KeyPair key, String subject, Instant expiry) {
        String claims = "{\"aud\":\"" + audience(endpoint) + "\",\"exp\":" + expiry.getEpochSecond() + ",\"sub\":\""
                + jsonEscape(subject) + "\"}";
        String signingInput = HEADER + "." + Base64Url.encode(claims.getBytes(StandardCharsets.UTF_8));
        return "vapid t=" + signingInput + "." + Base64Url.encode(sign(signingInput, key)) + ", k="
                + Base64Url.encode(P256.encode((ECPublicKey) key.getPublic()));
    }

    /** The origin of the endpoint: the JWT's audience (RFC 8292 section 2). */
    public static String audience(URI endpoint) {
        String origin = endpoint.getScheme() + "://" + endpoint.getHost();
        return endpoint.getPort() == -1 ? origin : origin + ":" + endpoint.getPort();
    }

    private static byte[] sign(String signingInput, KeyPair key) {
        return P256.signSha256((ECPrivateKey) key.getPrivate(), signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
