package dev.switchboard.cache.api.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/** Marks an entry as used now (for LRU), if it still exists; sent without waiting for the answer. */
final class TouchEntry implements EntryProcessor<String, EntryUsage, Void> {

    private static final long serialVersionUID = 1L;

    private final long nowMillis;

    TouchEntry(long nowMillis) {
        this.nowMillis = nowMillis;
    }

    @Override
    public Void process(Map.Entry<String, EntryUsage> entry) {
        EntryUsage usage = entry.getValue();
        if (usage != null && usage.lastUsedMillis() < nowMillis) {
            entry.setValue(new EntryUsage(usage.origin(), usage.cacheId(), usage.bytes(), nowMillis));
        }
        return null;
    }
}
