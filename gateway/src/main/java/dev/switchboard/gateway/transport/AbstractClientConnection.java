package dev.switchboard.gateway.transport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    private final int maxBuffered;
    private final ServerFrame overflowReset;
    private final int duplicateWindow;
    private final List<StreamDelivery> buffered = new ArrayList<>();
    private long[] recentIds;
    private int recentNext;
    private long lastOffset = -1;
    private boolean replaying;
    private boolean overflowed;

    /**
     * @param maxBuffered live deliveries kept while a replay runs; past it they are dropped and the client is
     *        sent {@code overflowReset} (continuity lost) once the replay ends
     * @param duplicateWindow how many recent event ids are remembered to drop repeats
     */
    protected AbstractClientConnection(String clientId, Principal principal, int maxBuffered,
            ServerFrame overflowReset, int duplicateWindow) {
        this.clientId = clientId;
        this.userId = principal.userId();
        this.expiresAt = principal.expiresAt();
        this.maxBuffered = maxBuffered;
        this.overflowReset = overflowReset;
        this.duplicateWindow = duplicateWindow;
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
        if (replaying) {
            if (buffered.size() < maxBuffered) {
                buffered.add(delivery);
            } else {
                overflowed = true;
            }
            return true;
        }
        return sendInOrder(delivery);
    }

    @Override
    public synchronized void startReplay(long afterOffset) {
        lastOffset = afterOffset;
        replaying = true;
    }

    @Override
    public synchronized void finishReplay(List<StreamDelivery> replayed, ServerFrame gap) {
        if (gap != null) {
            send(gap);
        }
        replayed.forEach(this::sendInOrder);
        if (overflowed && gap == null) {
            // One reset tells the client continuity is lost; a gap already did.
            send(overflowReset);
        }
        buffered.stream().sorted(Comparator.comparingLong(StreamDelivery::offset)).forEach(this::sendInOrder);
        buffered.clear();
        replaying = false;
        overflowed = false;
    }

    /** Counts a close the server initiated ({@code switchboard_gateway_closes_total{reason}}). */
    protected void countClose(CloseReason reason) {
        reason.count();
    }

    private boolean sendInOrder(StreamDelivery delivery) {
        if (delivery.offset() <= lastOffset) {
            return true;
        }
        lastOffset = delivery.offset();
        if (repeated(delivery.eventId())) {
            Metrics.counter("switchboard.gateway.deliveries.duplicates").increment();
            return true;
        }
        return send(delivery.frame());
    }

    /** True when {@code eventId} was sent lately; remembers it otherwise. The window exists once used. */
    private boolean repeated(String eventId) {
        if (duplicateWindow == 0 || eventId == null) {
            return false;
        }
        long hash = fingerprint(eventId);
        if (recentIds == null) {
            recentIds = new long[duplicateWindow];
        }
        for (long recent : recentIds) {
            if (recent == hash) {
                return true;
            }
        }
        recentIds[recentNext] = hash;
        recentNext = (recentNext + 1) % duplicateWindow;
        return false;
    }

    /** 64-bit FNV-1a: event ids are 36-character UUIDs, so collisions in a window of tens are out of reach. */
    private static long fingerprint(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }
}
