package dev.switchboard.contract.hazelcast;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * The changes to a {@link PortRecord}, each atomic on the member that owns it. Yields the record after the change,
 * or null when the port is unknown or the change was not allowed (not held by {@code holder}).
 * <ul>
 * <li>{@link #start}: {@code holder} begins reading it: its {@code since} is kept, or set to {@code position} when
 * it had none.</li>
 * <li>{@link #sinceIfAbsent}: whoever holds it, the same for the other end of a pair one end of which starts.</li>
 * <li>{@link #transfer}: {@code holder} passes it to {@code to}, which reads on after offset {@code position} of the
 * port's partition (what the previous holder was sent; empty: from where it was read from); again from {@code to} is
 * allowed, so a handler run again after a crash passes it the same way.</li>
 * <li>{@link #close}: {@code holder} ends it (removed).</li>
 * </ul>
 */
public record PortUpdate(Kind kind, String holder, String to, String position, long ttlMillis)
        implements EntryProcessor<String, PortRecord, PortRecord> {

    private static final String EVENT = PortRecord.event("");

    public enum Kind {
        START,
        SINCE_IF_ABSENT,
        TRANSFER,
        CLOSE
    }

    public static PortUpdate start(String holder, String position) {
        return new PortUpdate(Kind.START, holder, "", position, 0);
    }

    public static PortUpdate sinceIfAbsent(String position) {
        return new PortUpdate(Kind.SINCE_IF_ABSENT, "", "", position, 0);
    }

    /**
     * The port passes to {@code to}: a client keeps it until it closes or the client is gone; an event for at most
     * {@code eventTtl} (a port's inbox keeps nothing longer), so a port held by an event that never succeeds expires.
     */
    public static PortUpdate transfer(String holder, String to, String position, Duration eventTtl) {
        return new PortUpdate(Kind.TRANSFER, holder, to, position, to.startsWith(EVENT) ? eventTtl.toMillis() : 0);
    }

    public static PortUpdate close(String holder) {
        return new PortUpdate(Kind.CLOSE, holder, "", "", 0);
    }

    @Override
    public PortRecord process(Map.Entry<String, PortRecord> entry) {
        PortRecord port = entry.getValue();
        if (port == null) {
            return null;
        }
        PortRecord changed =
                switch (kind) {
                    case START ->
                        port.holder().equals(holder) ? port.since().isEmpty() ? port.withSince(position) : port : null;
                    case SINCE_IF_ABSENT -> port.since().isEmpty() ? port.withSince(position) : port;
                    case TRANSFER ->
                        port.holder().equals(holder) || port.holder().equals(to)
                                ? (position.isEmpty() || port.since().isEmpty()
                                                ? port
                                                : port.withSince(port.since()
                                                                .substring(
                                                                        0,
                                                                        port.since()
                                                                                        .indexOf(':')
                                                                                + 1)
                                                        + position))
                                        .withHolder(to)
                                : null;
                    case CLOSE -> port.holder().equals(holder) ? port : null;
                };
        if (changed != null && kind == Kind.CLOSE) {
            entry.setValue(null);
        } else if (kind == Kind.TRANSFER
                && changed != null
                && entry instanceof ExtendedMapEntry<String, PortRecord> timed) {
            // 0: for good (a client's); else until an event has passed it on.
            timed.setValue(changed, ttlMillis, TimeUnit.MILLISECONDS);
        } else if (changed != null && !changed.equals(port)) {
            entry.setValue(changed);
        }
        return changed;
    }
}
