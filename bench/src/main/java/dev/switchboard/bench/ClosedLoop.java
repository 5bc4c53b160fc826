package dev.switchboard.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop load: each of N clients sends one request, waits for its reply, records the round trip and
 * sends the next. Warm-up first (not recorded), then a measured window.
 */
abstract class ClosedLoop implements AutoCloseable {

    private final AtomicBoolean recording = new AtomicBoolean();
    private volatile Latencies latencies = new Latencies();

    /** Opens the clients and starts their loops. */
    abstract void start(int clients) throws Exception;

    /** The topic requests go to and the one replies come from (for {@link HopTimes}); valid once started. */
    abstract String requestTopic();

    abstract String replyTopic();

    /** A client's reply to the request it sent at {@code sentNanos} arrived: record it if measuring. */
    protected void replied(long sentNanos) {
        if (recording.get()) {
            latencies.add(System.nanoTime() - sentNanos);
        }
    }

    /**
     * Runs the load and measures it, with the CPU time {@code cpu}'s processes spent in the window; with a
     * {@code hopsBootstrap} (the broker's address) the window's records are read too, and the result says how the
     * round trip splits into worker hop and edge.
     */
    Result measure(String system, int clients, Duration warmUp, Duration window, String hopsBootstrap, CpuMeter cpu)
            throws Exception {
        start(clients);
        Thread.sleep(warmUp.toMillis());
        HopTimes hops = hopsBootstrap == null ? null : new HopTimes(hopsBootstrap, requestTopic(), replyTopic());
        try {
            latencies = new Latencies();
            recording.set(true);
            long[] cpuBefore = cpu.sample();
            long started = System.nanoTime();
            Thread.sleep(window.toMillis());
            recording.set(false);
            double seconds = (System.nanoTime() - started) / 1e9;
            CpuMeter.Usage used = cpu.since(cpuBefore, cpu.sample(), latencies.count(), seconds);
            return Result.of(system, clients, latencies, seconds, hops == null ? null : hops.stop(), used);
        } finally {
            if (hops != null) {
                hops.close();
            }
        }
    }
}
