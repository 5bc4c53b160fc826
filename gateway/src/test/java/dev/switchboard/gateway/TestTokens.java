package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;

import io.smallrye.jwt.build.Jwt;

/** An issuer for tests: a real RSA key pair, its public key in a PEM file the gateway verifies with. */
public final class TestTokens {

    static final String ISSUER = "https://issuer.switchboard.test";
    static final String AUDIENCE = "switchboard-gateway";

    private static final KeyPair TRUSTED = generate();
    private static final KeyPair UNTRUSTED = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestTokens() {
    }

    static Path publicKeyFile() {
        return PUBLIC_KEY;
    }

    public static String valid(String user) {
        return validFor(user, 300);
    }

    /** A valid token that expires {@code seconds} from now. */
    public static String validFor(String user, long seconds) {
        return sign(user, ISSUER, AUDIENCE, seconds, TRUSTED.getPrivate());
    }

    static String signedByAnotherKey(String user) {
        return sign(user, ISSUER, AUDIENCE, 300, UNTRUSTED.getPrivate());
    }

    static String fromAnotherIssuer(String user) {
        return sign(user, "https://elsewhere.test", AUDIENCE, 300, TRUSTED.getPrivate());
    }

    static String forAnotherAudience(String user) {
        return sign(user, ISSUER, "someone-else", 300, TRUSTED.getPrivate());
    }

    static String expired(String user) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.subject(user).issuer(ISSUER).audience(AUDIENCE).issuedAt(now - 3600).expiresAt(now - 1800)
                .sign(TRUSTED.getPrivate());
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid claims. */
    static String unsigned(String user) {
        long now = System.currentTimeMillis() / 1000;
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = base64("{\"sub\":\"" + user + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
        return header + "." + claims + ".";
    }

    private static String sign(String user, String issuer, String audience, long lifetimeSeconds, PrivateKey key) {
        return Jwt.subject(user).issuer(issuer).audience(audience).expiresIn(lifetimeSeconds).sign(key);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("switchboard-test-jwt", ".pem");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(TRUSTED.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
