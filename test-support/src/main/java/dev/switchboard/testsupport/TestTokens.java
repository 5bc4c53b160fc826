package dev.switchboard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.switchboard.contract.security.Roles;
import dev.switchboard.embedded.TokenIssuer;

/**
 * The credentials every test presents: one {@link TokenIssuer} per test JVM, whose verification key services (and
 * the gateway) get from {@link #verifierConfig()} (or {@link SecuredServiceResource}), and tokens for each role of
 * docs/security.md plus the kinds a service must refuse.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.switchboard.test";
    public static final String AUDIENCE = "switchboard";

    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final TokenIssuer TRUSTED = TokenIssuer.generate(ISSUER, AUDIENCE);
    private static final TokenIssuer UNTRUSTED = TokenIssuer.generate(ISSUER, AUDIENCE);
    private static Map<String, String> verifier;

    private TestTokens() {}

    /** The settings that make a service verify this JVM's test tokens (the key is written to a temporary file once). */
    public static synchronized Map<String, String> verifierConfig() {
        if (verifier == null) {
            try {
                Path file = Files.createTempFile("switchboard-test-issuer", ".pem");
                file.toFile().deleteOnExit();
                verifier = TRUSTED.verifierConfig(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return verifier;
    }

    public static String admin() {
        return TRUSTED.token("operator", LIFETIME, Roles.ADMIN);
    }

    public static String publisher() {
        return TRUSTED.token("backend", LIFETIME, Roles.PUBLISHER);
    }

    public static String reader() {
        return TRUSTED.token("dashboard", LIFETIME, Roles.READER);
    }

    /** A user's own token: its subject, no role. */
    public static String user(String subject) {
        return user(subject, LIFETIME);
    }

    /** A user's own token that expires {@code lifetime} from now: for tests of expiry and refresh. */
    public static String user(String subject, Duration lifetime) {
        return TRUSTED.token(subject, lifetime);
    }

    public static String withRoles(String subject, String... roles) {
        return TRUSTED.token(subject, LIFETIME, roles);
    }

    /** A token signed by a key the services do not trust. */
    public static String untrusted(String subject, String... roles) {
        return TRUSTED.signedBy(UNTRUSTED, subject, roles);
    }

    /** An admin token that expired. */
    public static String expired() {
        return expired("operator", Roles.ADMIN);
    }

    /** A token that expired an hour ago. */
    public static String expired(String subject, String... roles) {
        long now = System.currentTimeMillis() / 1000;
        return TRUSTED.tokenWith(Map.of("iat", now - 7200, "exp", now - 3600), subject, roles);
    }

    /** A token from another issuer, signed with the trusted key. */
    public static String otherIssuer(String subject, String... roles) {
        return TRUSTED.tokenWith(Map.of("iss", "https://elsewhere.test"), subject, roles);
    }

    /** A token for another audience, signed with the trusted key. */
    public static String otherAudience(String subject, String... roles) {
        return TRUSTED.tokenWith(Map.of("aud", "someone-else"), subject, roles);
    }

    /** A token with valid claims and no signature at all ({@code alg: none}). */
    public static String unsigned(String subject, String... roles) {
        String claims = withRoles(subject, roles).split("\\.")[1];
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + ".";
    }

    /** Every admin-claiming token a service must refuse with 401, by what is wrong with it. */
    public static Map<String, String> invalid() {
        return Map.of(
                "untrusted key",
                untrusted("intruder", Roles.ADMIN),
                "expired",
                expired(),
                "other issuer",
                otherIssuer("operator", Roles.ADMIN),
                "other audience",
                otherAudience("operator", Roles.ADMIN),
                "alg none",
                unsigned("operator", Roles.ADMIN),
                "garbage",
                "not.a.jwt");
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
