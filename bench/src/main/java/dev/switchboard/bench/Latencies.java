package dev.switchboard.bench;

import java.util.Arrays;

/** Round-trip times of one run, in nanoseconds; grows as needed, read once at the end. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code quantile} (0..1) in milliseconds. */
    synchronized double millis(double quantile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = Math.min(size - 1, (int) Math.ceil(quantile * size) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
