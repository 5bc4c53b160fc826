package dev.switchboard.push.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.P256;

class VapidTokensTest {

    private static final PushConfig.Vapid CONFIG = new PushConfig.Vapid() {
        @Override
        public String subject() {
            return "mailto:ops@example.com";
        }

        @Override
        public Duration tokenValidity() {
            return Duration.ofHours(12);
        }

        @Override
        public int tokenCacheSize() {
            return 2;
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

    private final KeyPair key = P256.generate();

    @Test
    void aTokenIsReusedForTheSameKeyAndOriginForHalfItsValidity() {
        MutableClock clock = new MutableClock();
        VapidTokens tokens = new VapidTokens(CONFIG, clock);
        String first = tokens.authorization("k1", key, URI.create("https://push.example.net/a"));

        assertThat(tokens.authorization("k1", key, URI.create("https://push.example.net/b")))
                .isEqualTo(first);
        assertThat(tokens.authorization("k1", key, URI.create("https://other.example.net/a")))
                .isNotEqualTo(first);
        assertThat(tokens.authorization("k2", key, URI.create("https://push.example.net/a")))
                .isNotEqualTo(first);

        clock.now = clock.now.plus(Duration.ofHours(6));
        assertThat(tokens.authorization("k1", key, URI.create("https://push.example.net/a")))
                .as("renewed at half of its 12 h")
                .isNotEqualTo(first);
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
