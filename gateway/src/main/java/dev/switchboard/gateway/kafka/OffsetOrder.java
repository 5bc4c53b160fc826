package dev.switchboard.gateway.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The order in which records of one Kafka partition reach a reader that recovers: in offset order, each at most
 * once. While a recovery reads what was missed from the log, live records wait in a bounded buffer; when it is done
 * the recovered ones come first, then those that waited, and anything at or below the last offset passed on is
 * dropped (the live feed and the recovery overlap). Past the buffer's bound live records are dropped, and the
 * owner is told so it can announce the gap once. Not thread-safe: its owner holds its lock around every call.
 *
 * @param <T> a record as the owner keeps it
 */
public final class OffsetOrder<T> {

    /** A finished recovery: what to pass on, in order, and whether live records were dropped meanwhile. */
    public record Recovered<T>(List<T> recovered, boolean overflowed, List<T> waited) {}

    private final ToLongFunction<T> offsetOf;
    private final int maxWaiting;
    private final List<T> waiting = new ArrayList<>();
    private long lastOffset;
    private boolean recovering;
    private boolean overflowed;

    /** @param maxWaiting live records kept while a recovery runs */
    public OffsetOrder(ToLongFunction<T> offsetOf, int maxWaiting, long lastOffset) {
        this.offsetOf = offsetOf;
        this.maxWaiting = maxWaiting;
        this.lastOffset = lastOffset;
    }

    /** A recovery begins (or learns where it starts): records up to {@code afterOffset} were seen. */
    public void recoverAfter(long afterOffset) {
        lastOffset = afterOffset;
        recovering = true;
    }

    /** A live record: true when it is to be passed on now; false when it waits, was dropped or was seen. */
    public boolean admit(T record) {
        if (!recovering) {
            return next(record);
        }
        if (waiting.size() < maxWaiting) {
            waiting.add(record);
        } else {
            overflowed = true;
        }
        return false;
    }

    /** The recovery is done: live records are passed on again from now. */
    public Recovered<T> finish(List<T> recovered) {
        List<T> recoveredInOrder = inOrder(recovered);
        waiting.sort(Comparator.comparingLong(offsetOf));
        Recovered<T> done = new Recovered<>(recoveredInOrder, overflowed, inOrder(waiting));
        waiting.clear();
        recovering = false;
        overflowed = false;
        return done;
    }

    /** Drops what waits: the reader is gone. */
    public void clear() {
        waiting.clear();
    }

    private List<T> inOrder(List<T> records) {
        List<T> passed = new ArrayList<>(records.size());
        for (T record : records) {
            if (next(record)) {
                passed.add(record);
            }
        }
        return passed;
    }

    private boolean next(T record) {
        long offset = offsetOf.applyAsLong(record);
        if (offset <= lastOffset) {
            return false;
        }
        lastOffset = offset;
        return true;
    }
}
