package dev.switchboard.gateway.channel;

import java.util.List;

import dev.switchboard.gateway.kafka.OffsetOrder;
import dev.switchboard.gateway.kafka.RecentIds;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ClientConnection;

/**
 * One connection's subscription to one channel. Publications reach it in offset order (one channel is in one
 * partition), each at most once ({@link OffsetOrder}), and a repeat of a recent event id is dropped
 * ({@link RecentIds}). Until it is confirmed (after reading history, for a channel
 * that keeps it) live publications wait in a bounded buffer; past its bound they are dropped and the subscriber is
 * told with a {@code reset} of the channel.
 */
final class Subscription {

    /**
     * A publication (or join, leave) ready for this node's subscribers: its offset in the channel's partition, its
     * event id (a handler's publication run again after a crash comes back with the same one) and its frame.
     */
    record Publication(long offset, String eventId, ServerFrame frame, boolean last) {

        Publication(long offset, String eventId, ServerFrame frame) {
            this(offset, eventId, frame, false);
        }
    }

    private final ClientConnection connection;
    private final String channel;
    private final OffsetOrder<Publication> order;
    private final RecentIds recentIds;
    private boolean ended;
    private long lastSent = Long.MIN_VALUE;

    Subscription(ClientConnection connection, String channel, int maxBuffered, int duplicateWindow) {
        this.connection = connection;
        this.channel = channel;
        this.recentIds = new RecentIds(duplicateWindow);
        this.order = new OffsetOrder<>(Publication::offset, maxBuffered, Long.MIN_VALUE);
        // Until the subscription is confirmed (after its recovery, if any), publications wait.
        order.recoverAfter(Long.MIN_VALUE);
    }

    ClientConnection connection() {
        return connection;
    }

    String channel() {
        return channel;
    }

    /** Unsubscribed, replaced or its connection gone: nothing more is sent, not even what a recovery finds. */
    synchronized void end() {
        ended = true;
        order.clear();
    }

    synchronized boolean ended() {
        return ended;
    }

    /** The offset of the last record sent to the connection; {@link Long#MIN_VALUE} before the first. */
    synchronized long lastSent() {
        return lastSent;
    }

    /** A live publication: sent now, or kept until the recovery is done. */
    synchronized void offer(Publication publication) {
        if (!ended && order.admit(publication)) {
            send(publication);
        }
    }

    /**
     * The recovery is done: {@code gap} (a channel {@code reset}) when not everything could be recovered, then
     * {@code subscribed}, the recovered publications after {@code afterOffset}, and the live ones that waited.
     */
    synchronized void recovered(
            ServerFrame gap,
            ServerFrame subscribed,
            long afterOffset,
            List<Publication> replayed,
            ServerFrame overflowReset) {
        if (ended) {
            return;
        }
        order.recoverAfter(afterOffset);
        OffsetOrder.Recovered<Publication> done = order.finish(replayed);
        if (gap != null) {
            connection.send(gap);
        }
        connection.send(subscribed);
        done.recovered().forEach(this::send);
        if (done.overflowed() && gap == null) {
            connection.send(overflowReset);
        }
        done.waited().forEach(this::send);
    }

    /** Sends it; a {@code last} one (a port's {@code port-closed}) ends the subscription. */
    private void send(Publication publication) {
        if (!ended && !recentIds.repeated(publication.eventId())) {
            connection.send(publication.frame());
            lastSent = publication.offset();
            if (publication.last()) {
                end();
            }
        }
    }
}
