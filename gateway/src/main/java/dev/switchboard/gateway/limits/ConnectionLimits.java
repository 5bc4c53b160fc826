package dev.switchboard.gateway.limits;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.concurrent.KeyedCounters;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.http.Refusals;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.security.AdmissionHandler;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Handler of the connect routes, after admission: takes a connection permit for the remote address and for the
 * user, or refuses with 429 {@code too-many-connections} before any upgrade or stream. The counts are this node's
 * ({@code limits.max-connections-per-ip}, {@code limits.max-connections-per-user}); the transport returns the
 * permit when the connection ends, or when it could not be opened.
 */
@ApplicationScoped
public class ConnectionLimits implements Handler<RoutingContext> {

    private static final String PERMIT = "switchboard.connection-permit";

    private final KeyedCounters perAddress;
    private final KeyedCounters perUser;
    private final Refusals refusals;

    public ConnectionLimits(GatewayConfig config, Refusals refusals) {
        this.perAddress = new KeyedCounters(config.limits().maxConnectionsPerIp());
        this.perUser = new KeyedCounters(config.limits().maxConnectionsPerUser());
        this.refusals = refusals;
    }

    /** The permit the admitted connection holds. */
    public static Permit permit(RoutingContext context) {
        return context.get(PERMIT);
    }

    @Override
    public void handle(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        String address = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        String user = AdmissionHandler.principal(context).userId();
        if (!perAddress.tryAcquire(address)) {
            refusals.refuse(
                    context, ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from " + address + " on this node");
            return;
        }
        if (!perUser.tryAcquire(user)) {
            perAddress.release(address);
            refusals.refuse(context, ErrorCode.TOO_MANY_CONNECTIONS, "too many connections of this user on this node");
            return;
        }
        context.put(PERMIT, new Permit(address, user));
        context.next();
    }

    /** A connection's place in the counts; returned once, however often {@link #release()} is called. */
    public final class Permit {

        private final String address;
        private final String user;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String address, String user) {
            this.address = address;
            this.user = user;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                perAddress.release(address);
                perUser.release(user);
            }
        }
    }
}
