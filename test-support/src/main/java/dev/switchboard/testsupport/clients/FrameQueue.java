package dev.switchboard.testsupport.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What a test client received, in order, with waits that fail loudly instead of hanging. */
public final class FrameQueue<T> {

    private final LinkedBlockingQueue<T> received = new LinkedBlockingQueue<>();

    void add(T item) {
        received.add(item);
    }

    /** The next item, or an AssertionError naming what was awaited after {@code timeout}. */
    public T next(Duration timeout) {
        T item = poll(timeout);
        if (item == null) {
            throw new AssertionError("nothing received within " + timeout);
        }
        return item;
    }

    /** The next item, or null when none came within {@code timeout}. */
    public T poll(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /** Skips items until one matches; fails when none does within {@code timeout}. */
    public T nextMatching(Predicate<T> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("nothing matching within " + timeout + "; skipped " + skipped);
            }
            try {
                T item = received.poll(left, TimeUnit.NANOSECONDS);
                if (item != null && wanted.test(item)) {
                    return item;
                }
                if (item != null) {
                    skipped.add(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }

    /** Everything received so far and not yet taken. */
    public List<T> drain() {
        List<T> items = new ArrayList<>();
        received.drainTo(items);
        return items;
    }
}
