package dev.switchboard.push.client;

import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.crypto.VapidSigner;

/**
 * VAPID {@code Authorization} values, reused per (key, push service origin) until {@code vapid.token-renewal-margin}
 * before they expire. RFC 8292 lets an application server use one token for many requests to the same push
 * service, and the ECDSA signature would otherwise be one of the three P-256 operations a send costs (see the
 * benchmark in docs/push.md). Bounded: past {@code vapid.token-cache-size} entries the cache starts over (the
 * entries are a VAPID key times the few push services browsers use, far fewer in practice).
 */
final class VapidTokens {

    private record Token(String authorization, Instant renewAt) {}

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final PushConfig.Vapid config;
    private final Clock clock;

    VapidTokens(PushConfig.Vapid config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The header for a request to {@code endpoint} signed with key {@code keyId}. */
    String authorization(String keyId, KeyPair key, URI endpoint) {
        String cacheKey = keyId + " " + VapidSigner.audience(endpoint);
        Instant now = clock.instant();
        Token token = tokens.get(cacheKey);
        if (token == null || !now.isBefore(token.renewAt())) {
            if (tokens.size() >= config.tokenCacheSize()) {
                tokens.clear();
            }
            Instant expiry = now.plus(config.tokenValidity());
            token = new Token(
                    VapidSigner.authorization(endpoint, key, config.subject(), expiry),
                    expiry.minus(config.tokenRenewalMargin()));
            tokens.put(cacheKey, token);
        }
        return token.authorization();
    }

    /** Tokens held now. */
    int size() {
        return tokens.size();
    }
}
