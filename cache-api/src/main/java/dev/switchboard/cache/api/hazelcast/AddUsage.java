package dev.switchboard.cache.api.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/** Adds a delta to an origin's usage on the member that owns it, atomically; returns the new usage. */
final class AddUsage implements EntryProcessor<String, Long, Long> {

    private static final long serialVersionUID = 1L;

    private final long delta;

    AddUsage(long delta) {
        this.delta = delta;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long usage = Math.max(0, (entry.getValue() == null ? 0 : entry.getValue()) + delta);
        entry.setValue(usage == 0 ? null : usage);
        return usage;
    }
}
