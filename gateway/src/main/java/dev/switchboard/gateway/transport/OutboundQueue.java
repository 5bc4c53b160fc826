package dev.switchboard.gateway.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.gateway.config.GatewayConfig;

/**
 * What one connection has handed to its socket and is not yet on the wire, bounded in messages and bytes.
 * A write is counted when offered and released when Netty reports it written (or failed), so the count is
 * what this client's slowness costs the node's heap.
 */
public final class OutboundQueue {

    private final int maxMessages;
    private final long maxBytes;
    private final OutboundTotals totals;
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    public OutboundQueue(int maxMessages, long maxBytes, OutboundTotals totals) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.totals = totals;
    }

    /** A connection's queue with the configured bounds. */
    public static OutboundQueue of(GatewayConfig.Outbound bounds, OutboundTotals totals) {
        return new OutboundQueue(bounds.maxQueuedMessages(), bounds.maxQueuedBytes(), totals);
    }

    /** Counts a write of {@code size} bytes; false, counting nothing, when it would pass a bound. */
    public boolean offer(int size) {
        int queuedMessages = messages.incrementAndGet();
        long queuedBytes = bytes.addAndGet(size);
        if (queuedMessages > maxMessages || queuedBytes > maxBytes) {
            messages.decrementAndGet();
            bytes.addAndGet(-size);
            return false;
        }
        totals.add(size);
        return true;
    }

    /** The write of {@code size} bytes left the node (or failed): it no longer counts. */
    public void release(int size) {
        messages.decrementAndGet();
        bytes.addAndGet(-size);
        totals.add(-size);
    }

    public int messages() {
        return messages.get();
    }

    public long bytes() {
        return bytes.get();
    }
}
