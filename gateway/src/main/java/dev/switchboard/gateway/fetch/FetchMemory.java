package dev.switchboard.gateway.fetch;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bytes of bodies the fetch path holds at once, reserved before they are read and bounded by
 * {@code fetch.max-buffered-bytes} ({@code switchboard_gateway_fetch_buffered_bytes}).
 */
final class FetchMemory {

    private final long max;
    private final AtomicLong reserved = new AtomicLong();

    FetchMemory(long max, MeterRegistry meters) {
        this.max = max;
        Gauge.builder("switchboard.gateway.fetch.buffered.bytes", reserved, AtomicLong::get)
                .description("bytes of fetch bodies reserved (requests read, answers awaited)")
                .baseUnit("bytes")
                .register(meters);
    }

    /** Reserves {@code bytes}; false, reserving nothing, when they would pass the bound. */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = reserved.get();
            if (current + bytes > max) {
                return false;
            }
            if (reserved.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }
}
