package dev.switchboard.gateway.transport;

import java.time.Duration;

import dev.switchboard.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;

/**
 * Ends a slow consumer's TCP connection when the polite close has not done it within a grace period. A peer
 * that stopped reading never reads its close frame (it waits behind everything queued), so without this its
 * connection and its queued bytes would stay until the kernel gave up, which may be never.
 */
public final class StalledPeerCloser {

    private final Vertx vertx;
    private final HttpConnection connection;
    private final long graceMillis;

    public StalledPeerCloser(Vertx vertx, HttpConnection connection, Duration grace) {
        this.vertx = vertx;
        this.connection = connection;
        this.graceMillis = Math.max(1, grace.toMillis());
    }

    /** For the connection of {@code context}'s request, with the configured grace. */
    public static StalledPeerCloser of(RoutingContext context, GatewayConfig.Outbound bounds) {
        return new StalledPeerCloser(context.vertx(), context.request().connection(), bounds.slowCloseGrace());
    }

    /** Closes the connection after the grace period; harmless if it closed meanwhile. */
    public void closeAfterGrace() {
        vertx.setTimer(graceMillis, timer -> {
            Log.debugf(
                    "cutting the connection of %s: its close was not read within %d ms",
                    connection.remoteAddress(), graceMillis);
            connection.close();
        });
    }
}
