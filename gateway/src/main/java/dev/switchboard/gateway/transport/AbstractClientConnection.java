package dev.switchboard.gateway.transport;

import java.time.Instant;
import java.util.List;

import dev.switchboard.gateway.kafka.OffsetOrder;
import dev.switchboard.gateway.kafka.RecentIds;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.security.Principal;
import dev.switchboard.gateway.service.ClientConnection;
import dev.switchboard.gateway.service.CloseReason;
import dev.switchboard.gateway.service.StreamDelivery;
import io.micrometer.core.instrument.Metrics;

/**
 * The transport-independent part of a connection: the client's delivery stream reaches it in offset order,
 * exactly once. While a resume replays what the client missed, live deliveries wait in a bounded buffer; when
 * the replay is done both are merged by offset, and anything at or below the last offset sent is dropped. A
 * delivery whose event id is among the last {@code duplicateWindow} sent is a worker's repeat after a redelivery
 * (at-least-once upstream): it is dropped too.
 */
public abstract class AbstractClientConnection implements ClientConnection {

    private final String clientId;
    private final String userId;
    private volatile Instant expiresAt;
    private final ServerFrame overflowReset;
    private final OffsetOrder<StreamDelivery> order;
    private final RecentIds recentIds;

    /**
     * @param maxBuffered live deliveries kept while a replay runs; past it they are dropped and the client is
     *        sent {@code overflowReset} (continuity lost) once the replay ends
     * @param duplicateWindow how many recent event ids are remembered to drop repeats
     */
    protected AbstractClientConnection(
            String clientId, Principal principal, int maxBuffered, ServerFrame overflowReset, int duplicateWindow) {
        this.clientId = clientId;
        this.userId = principal.userId();
        this.expiresAt = principal.expiresAt();
        this.overflowReset = overflowReset;
        this.recentIds = new RecentIds(duplicateWindow);
        this.order = new OffsetOrder<>(StreamDelivery::offset, maxBuffered, -1);
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public void refreshedUntil(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    @Override
    public synchronized boolean deliver(StreamDelivery delivery) {
        return !order.admit(delivery) || sendUnlessRepeated(delivery);
    }

    @Override
    public synchronized void startReplay(long afterOffset) {
        order.recoverAfter(afterOffset);
    }

    @Override
    public synchronized void finishReplay(List<StreamDelivery> replayed, ServerFrame gap) {
        OffsetOrder.Recovered<StreamDelivery> done = order.finish(replayed);
        if (gap != null) {
            send(gap);
        }
        done.recovered().forEach(this::sendUnlessRepeated);
        if (done.overflowed() && gap == null) {
            // One reset tells the client continuity is lost; a gap already did.
            send(overflowReset);
        }
        done.waited().forEach(this::sendUnlessRepeated);
    }

    /** Counts a close the server initiated ({@code switchboard_gateway_closes_total{reason}}). */
    protected void countClose(CloseReason reason) {
        reason.count();
    }

    private boolean sendUnlessRepeated(StreamDelivery delivery) {
        if (recentIds.repeated(delivery.eventId())) {
            Metrics.counter("switchboard.gateway.deliveries.duplicates").increment();
            return true;
        }
        return send(delivery.frame());
    }
}
