package dev.switchboard.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A token issuer of its own: an RSA key pair made at start, RS256 JWTs signed with it, and the configuration that
 * makes a Switchboard service verify them. The local launcher uses it for its printed admin token, the tests for
 * every credential they present. Never a production issuer: the private key lives only in this JVM's memory.
 */
public final class TokenIssuer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String issuer;
    private final String audience;
    private final KeyPair keys;

    private TokenIssuer(String issuer, String audience, KeyPair keys) {
        this.issuer = issuer;
        this.audience = audience;
        this.keys = keys;
    }

    /** A new issuer with a fresh 2048-bit RSA key pair. */
    public static TokenIssuer generate(String issuer, String audience) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TokenIssuer(issuer, audience, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM can make RSA keys", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), what {@code mp.jwt.verify.publickey.location} reads. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Writes the public key to {@code file} and returns the settings that make a service verify this issuer's tokens. */
    public Map<String, String> verifierConfig(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, publicKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token verification key to " + file, e);
        }
        return Map.of(
                "mp.jwt.verify.publickey.location",
                file.toUri().toString(),
                "mp.jwt.verify.issuer",
                issuer,
                "mp.jwt.verify.audiences",
                audience);
    }

    /** A token for {@code subject} with {@code roles} in its {@code groups} claim, valid for {@code lifetime}. */
    public String token(String subject, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        claims.put("groups", List.of(roles));
        return sign(claims, keys.getPrivate());
    }

    /** {@link #token} with some claims replaced (or removed, with a null value): for tests of refused tokens. */
    public String tokenWith(Map<String, Object> changes, String subject, String... roles) {
        Map<String, Object> claims = new HashMap<>(decodeClaims(token(subject, Duration.ofMinutes(5), roles)));
        changes.forEach((name, value) -> {
            if (value == null) {
                claims.remove(name);
            } else {
                claims.put(name, value);
            }
        });
        return sign(claims, keys.getPrivate());
    }

    /** The same claims as {@link #token}, signed by {@code other}'s key instead of this issuer's. */
    public String signedBy(TokenIssuer other, String subject, String... roles) {
        return sign(decodeClaims(token(subject, Duration.ofMinutes(5), roles)), other.keys.getPrivate());
    }

    private static Map<String, Object> decodeClaims(String token) {
        try {
            return JSON.readValue(
                    Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(Map<String, Object> claims, PrivateKey key) {
        try {
            String signed = URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(rs256.sign());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("token claims are plain JSON", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM can sign with SHA256withRSA", e);
        }
    }
}
