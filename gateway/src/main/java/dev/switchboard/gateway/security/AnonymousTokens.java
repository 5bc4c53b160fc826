package dev.switchboard.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Anonymous users (local development mode). A connection without a credential gets a new anonymous user: a
 * random token ({@code sb-anon-} and 43 base64url characters, 256 bits), whose user id is derived from it by
 * SHA-256 ({@code anonymous:} and 22 base64url characters). Holding the token is the proof of being that user:
 * the id is public (it is in the registry and on Kafka records) but does not give the token back. Nothing is
 * stored, so any gateway node recognises the token, also after restarts.
 */
public final class AnonymousTokens {

    /** What every anonymous user id starts with; a JWT whose subject starts with it is refused. */
    public static final String USER_PREFIX = "anonymous:";

    static final String TOKEN_PREFIX = "sb-anon-";
    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_LENGTH = TOKEN_PREFIX.length() + 43;
    private static final int USER_ID_CHARACTERS = 22;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private AnonymousTokens() {}

    /** A new anonymous user: its token and its id. */
    public static Principal issue() {
        String token = TOKEN_PREFIX + randomSecret();
        return new Principal(userIdOf(token), null, token);
    }

    /** 256 random bits, base64url: an anonymous token's secret, a connect ticket. */
    static String randomSecret() {
        byte[] secret = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(secret);
        return BASE64URL.encodeToString(secret);
    }

    /** True when {@code token} has the form of an anonymous token (it may still be refused). */
    public static boolean looksAnonymous(String token) {
        return token.startsWith(TOKEN_PREFIX);
    }

    /** The anonymous user {@code token} proves, or empty when it is not a well-formed anonymous token. */
    public static Optional<String> userOf(String token) {
        if (token.length() != TOKEN_LENGTH || !looksAnonymous(token)) {
            return Optional.empty();
        }
        try {
            if (Base64.getUrlDecoder().decode(token.substring(TOKEN_PREFIX.length())).length != TOKEN_BYTES) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(userIdOf(token));
    }

    private static String userIdOf(String token) {
        return USER_PREFIX + BASE64URL.encodeToString(sha256(token)).substring(0, USER_ID_CHARACTERS);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
