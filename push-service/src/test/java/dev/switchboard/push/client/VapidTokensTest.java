package dev.switchboard.push.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;

class VapidTokensTest {

    private static final PushConfig.Vapid CONFIG = config(2);

    private static PushConfig.Vapid config(int cacheSize) {
        return new PushConfig.Vapid() {
            @Override
            public String subject() {
                return "mailto:ops@example.com";
            }

            @Override
            public Duration tokenValidity() {
                return Duration.ofHours(12);
            }

            @Override
            public Duration tokenRenewalMargin() {
                return Duration.ofHours(1);
            }

            @Override
            public int tokenCacheSize() {
                return cacheSize;
            }

            @Override
            public String keyEncryptionKey() {
                throw new UnsupportedOperationException("tokens are signed with keys already opened");
            }

            @Override
            public int maxKeys() {
                return 1;
            }
        };
    }

    private final KeyPair key = P256.generate();

    @Test
    void aTokenIsReusedForTheSameKeyAndOriginUntilItsRenewalMarginBeforeExpiry() {
        MutableClock clock = new MutableClock();
        VapidTokens tokens = new VapidTokens(config(10), clock);
        String first = tokens.authorization("k1", key, URI.create("https://push.example.net/a"));

        assertThat(tokens.authorization("k1", key, URI.create("https://push.example.net/b")))
                .isEqualTo(first);
        assertThat(tokens.authorization("k1", key, URI.create("https://other.example.net/a")))
                .isNotEqualTo(first);
        assertThat(tokens.authorization("k2", P256.generate(), URI.create("https://push.example.net/a")))
                .isNotEqualTo(first);

        clock.now = clock.now.plus(Duration.ofHours(11)).minusSeconds(1);
        assertThat(tokens.authorization("k1", key, URI.create("https://push.example.net/a")))
                .as("still reused just before the last hour of its 12 h")
                .isEqualTo(first);
        clock.now = clock.now.plusSeconds(1);
        String renewed = tokens.authorization("k1", key, URI.create("https://push.example.net/a"));
        assertThat(renewed).as("renewed an hour before it expires").isNotEqualTo(first);
        assertThat(expiry(renewed))
                .isEqualTo(clock.now.plus(Duration.ofHours(12)).getEpochSecond());
    }

    @Test
    void theCacheIsBoundedByItsSize() {
        MutableClock clock = new MutableClock();
        VapidTokens tokens = new VapidTokens(CONFIG, clock);
        String first = tokens.authorization("k1", key, URI.create("https://a.example.net/x"));
        tokens.authorization("k1", key, URI.create("https://b.example.net/x"));
        tokens.authorization("k1", key, URI.create("https://c.example.net/x"));

        assertThat(tokens.size()).isLessThanOrEqualTo(CONFIG.tokenCacheSize());
        clock.now = clock.now.plusSeconds(1); // a token signed now has another exp
        assertThat(tokens.authorization("k1", key, URI.create("https://a.example.net/x")))
                .as("signed again: the cache started over past its 2 entries")
                .isNotEqualTo(first);
    }

    private static long expiry(String authorization) {
        String token = authorization.substring("vapid t=".length(), authorization.indexOf(", k="));
        String claims = new String(Base64Url.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
