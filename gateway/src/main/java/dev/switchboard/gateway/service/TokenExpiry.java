package dev.switchboard.gateway.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.gateway.concurrent.HazelcastCalls;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.security.AuthenticationFailedException;
import dev.switchboard.gateway.security.ClientAuthenticator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A connection lives no longer than its token: every {@code security.expiry-check-interval} the node closes the
 * connections whose token has expired (WebSocket close 4001, SSE {@code close} event with 4001). Before that a
 * client may send a {@code refresh} frame with a new token of the same user, which moves its expiry. A WebSocket
 * refreshes on its own connection; an SSE client refreshes by POST, which may reach another node: that node
 * leaves the new expiry in the cluster ({@link HazelcastNames#TOKEN_REFRESHES}), where the holding node looks
 * before it closes the stream.
 */
@ApplicationScoped
public class TokenExpiry {

    /** How much longer than the new token a refresh left for another node is kept. */
    private static final Duration REFRESH_SLACK = Duration.ofMinutes(1);
    /** How long a refresh to a token without expiry is kept for another node (it reads it long before). */
    private static final Duration OPEN_ENDED_REFRESH = Duration.ofDays(1);

    private final Vertx vertx;
    private final LocalConnections local;
    private final ClientAuthenticator authenticator;
    private final Frames frames;
    private final IMap<String, Long> refreshes;
    private final GatewayConfig config;
    private final Set<String> checking = ConcurrentHashMap.newKeySet();
    private long timer = -1;

    public TokenExpiry(
            Vertx vertx,
            LocalConnections local,
            ClientAuthenticator authenticator,
            Frames frames,
            HazelcastInstance hazelcast,
            GatewayConfig config) {
        this.vertx = vertx;
        this.local = local;
        this.authenticator = authenticator;
        this.frames = frames;
        this.refreshes = hazelcast.getMap(HazelcastNames.TOKEN_REFRESHES);
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.security().expiryCheckInterval().toMillis(), tick -> closeExpired());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        vertx.cancelTimer(timer);
    }

    /**
     * A {@code refresh} frame of {@code client}: the token must be valid and of the client's user. Yields the frame
     * to answer with ({@code refreshed}, or an {@code unauthorized} / {@code forbidden} error); never fails.
     */
    public Uni<ServerFrame> refresh(ClientRecord client, String token, String ref) {
        return authenticator
                .verify(token)
                .map(principal -> {
                    if (!principal.owns(client.userId())) {
                        return frames.error(ErrorCode.FORBIDDEN, "the new token is another user's", ref);
                    }
                    Instant until = principal.expiresAt();
                    Optional<ClientConnection> held = local.find(client.clientId());
                    if (held.isPresent()) {
                        held.get().refreshedUntil(until);
                    } else {
                        leaveForHolder(client.clientId(), until);
                    }
                    return frames.refreshed(ref, until);
                })
                .onFailure()
                .recoverWithItem(failure -> failure instanceof AuthenticationFailedException
                        ? frames.error(ErrorCode.UNAUTHORIZED, failure.getMessage(), ref)
                        : frames.error(ErrorCode.NOT_ACCEPTED, "the token could not be checked, retry", ref));
    }

    private void leaveForHolder(String clientId, Instant until) {
        Duration keep = until == null
                ? OPEN_ENDED_REFRESH
                : Duration.between(Instant.now(), until).plus(REFRESH_SLACK);
        refreshes.setAsync(
                clientId, until == null ? Long.MAX_VALUE : until.getEpochSecond(), keep.toSeconds(), TimeUnit.SECONDS);
    }

    void closeExpired() {
        Instant now = Instant.now();
        for (ClientConnection connection : local.all()) {
            Instant expiresAt = connection.expiresAt();
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                if (Transports.SSE.equals(connection.transport())) {
                    closeUnlessRefreshedElsewhere(connection, now);
                } else {
                    connection.close(CloseReason.TOKEN_EXPIRED);
                }
            }
        }
    }

    private void closeUnlessRefreshedElsewhere(ClientConnection connection, Instant now) {
        String clientId = connection.clientId();
        if (!checking.add(clientId)) {
            return;
        }
        HazelcastCalls.timed(
                        refreshes.getAsync(clientId), config.registryTimeout().toMillis())
                .whenComplete((refreshedUntil, failure) -> {
                    checking.remove(clientId);
                    if (failure == null && refreshedUntil != null && refreshedUntil > now.getEpochSecond()) {
                        connection.refreshedUntil(
                                refreshedUntil == Long.MAX_VALUE ? null : Instant.ofEpochSecond(refreshedUntil));
                        return;
                    }
                    if (failure != null) {
                        Log.warnf(
                                "token refresh of client %s could not be read, closing it as expired: %s",
                                clientId, failure.getMessage());
                    }
                    connection.close(CloseReason.TOKEN_EXPIRED);
                });
    }
}
