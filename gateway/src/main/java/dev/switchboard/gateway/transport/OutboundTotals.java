package dev.switchboard.gateway.transport;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bytes all connections of this node have waiting to be written, and the most there ever were: with every
 * connection bounded, this is bounded by connections times {@code outbound.max-queued-bytes}.
 */
@ApplicationScoped
public class OutboundTotals {

    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong peakQueuedBytes = new AtomicLong();

    public OutboundTotals(MeterRegistry meters) {
        Gauge.builder("switchboard.gateway.outbound.queued.bytes", queuedBytes, AtomicLong::get)
                .description("bytes handed to client sockets and not yet written")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("switchboard.gateway.outbound.queued.bytes.peak", peakQueuedBytes, AtomicLong::get)
                .description("the most bytes ever waiting at once since the node started")
                .baseUnit("bytes")
                .register(meters);
    }

    void add(long delta) {
        long now = queuedBytes.addAndGet(delta);
        if (delta > 0) {
            peakQueuedBytes.accumulateAndGet(now, Math::max);
        }
    }

    public long queuedBytes() {
        return queuedBytes.get();
    }

    public long peakQueuedBytes() {
        return peakQueuedBytes.get();
    }
}
