package dev.switchboard.gateway.security;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.gateway.concurrent.HazelcastCalls;
import dev.switchboard.gateway.concurrent.KeyedCounters;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.ProtocolException;
import io.vertx.core.Vertx;

/**
 * Single-use connect tickets: what a browser puts in the query string of {@code /ws} or {@code /sse} (it cannot set
 * headers there) instead of its long-lived token. A ticket is 256 random bits, stored cluster-wide under its SHA-256
 * (so the grid never holds a usable ticket) for {@code security.ticket-ttl}, and removed by the first connect that
 * presents it. A node keeps at most {@code security.max-tickets} issued within a ticket's lifetime, and one user at
 * most {@code security.max-tickets-per-user}: the map stays bounded whatever clients ask.
 */
@ApplicationScoped
public class ConnectTickets {

    /** A ticket's grant as stored: the user, and the expiry of the credential it stands for (0: none). */
    public record Grant(String userId, long expiresAtEpochSecond) {}

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final IMap<String, Grant> grants;
    private final Vertx vertx;
    private final long ttlMillis;
    private final long timeoutMillis;
    private final Semaphore outstanding;
    private final KeyedCounters perUser;

    public ConnectTickets(HazelcastInstance hazelcast, Vertx vertx, GatewayConfig config) {
        this.grants = hazelcast.getMap(HazelcastNames.CONNECT_TICKETS);
        this.vertx = vertx;
        this.ttlMillis = config.security().ticketTtl().toMillis();
        this.timeoutMillis = config.registryTimeout().toMillis();
        this.perUser = new KeyedCounters(config.security().maxTicketsPerUser());
        this.outstanding = new Semaphore(config.security().maxTickets());
    }

    /** How long an issued ticket is valid. */
    public long ttlMillis() {
        return ttlMillis;
    }

    /**
     * A new ticket for {@code principal}, once it is stored; fails with a {@link ProtocolException} ({@code
     * rate-limited} or {@code not-accepted}) when this node or this user has too many outstanding.
     */
    public CompletionStage<String> issue(Principal principal) {
        String user = principal.userId();
        if (!perUser.tryAcquire(user)) {
            return CompletableFuture.failedFuture(new ProtocolException(
                    ErrorCode.RATE_LIMITED,
                    "too many tickets outstanding for this user; use one or wait " + ttlMillis / 1000 + " s"));
        }
        if (!outstanding.tryAcquire()) {
            perUser.release(user);
            return CompletableFuture.failedFuture(new ProtocolException(
                    ErrorCode.NOT_ACCEPTED, "too many tickets outstanding on this node, retry later"));
        }
        // Counted until it expires, used or not: a node never has more than max-tickets alive from it.
        vertx.setTimer(ttlMillis, fired -> {
            outstanding.release();
            perUser.release(user);
        });
        String ticket = AnonymousTokens.randomSecret();
        long expires = principal.expiresAt() == null ? 0 : principal.expiresAt().getEpochSecond();
        return HazelcastCalls.timed(
                        grants.setAsync(key(ticket), new Grant(user, expires), ttlMillis, TimeUnit.MILLISECONDS),
                        timeoutMillis)
                .thenApply(stored -> ticket);
    }

    /** Who {@code ticket} was issued to, taking it out (a second use finds nothing); empty if unknown or expired. */
    public CompletionStage<Optional<Principal>> redeem(String ticket) {
        return HazelcastCalls.timed(grants.removeAsync(key(ticket)), timeoutMillis)
                .thenApply(grant -> Optional.ofNullable(grant)
                        .map(found -> Principal.of(
                                found.userId(),
                                found.expiresAtEpochSecond() == 0
                                        ? null
                                        : Instant.ofEpochSecond(found.expiresAtEpochSecond()))));
    }

    private static String key(String ticket) {
        return BASE64URL.encodeToString(AnonymousTokens.sha256(ticket));
    }
}
