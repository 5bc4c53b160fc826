package dev.switchboard.contract.hazelcast;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * The only writes of an {@link InstanceRecord}, each atomic on the member that owns the entry, fenced by the
 * writer's token (docs/workers.md, "One instance"):
 * <ul>
 * <li>{@link #claim}: {@code owner}, newly assigned the instance's partition at generation {@code token}, takes it
 * over when its token is newer than the record's (or the same, from itself). Yields the record afterwards (owned by
 * somebody else when the claim was refused), or null when there is none.</li>
 * <li>{@link #commit}: writes {@code next} (creates the record when there is none; removes it when {@code next} is
 * null) when the record is absent or {@code owner} holds it with {@code token}. Yields true when it did.</li>
 * </ul>
 * A write keeps the record for {@code ttlMillis} more: an instance whose clients all vanished while it was not
 * running anywhere is forgotten at last.
 */
public record InstanceUpdate(boolean claim, String owner, long token, InstanceRecord next, long ttlMillis)
        implements EntryProcessor<String, InstanceRecord, Object> {

    public static InstanceUpdate claim(String owner, long token, long ttlMillis) {
        return new InstanceUpdate(true, owner, token, null, ttlMillis);
    }

    public static InstanceUpdate commit(String owner, long token, InstanceRecord next, long ttlMillis) {
        return new InstanceUpdate(false, owner, token, next, ttlMillis);
    }

    @Override
    public Object process(Map.Entry<String, InstanceRecord> entry) {
        InstanceRecord current = entry.getValue();
        if (claim) {
            if (current == null) {
                return null;
            }
            if (current.token() < token || current.writableBy(owner, token)) {
                InstanceRecord claimed = current.ownedBy(owner, token);
                write(entry, claimed);
                return claimed;
            }
            return current;
        }
        if (current != null && !current.writableBy(owner, token)) {
            return Boolean.FALSE;
        }
        if (next == null) {
            entry.setValue(null);
        } else {
            write(entry, next);
        }
        return Boolean.TRUE;
    }

    private void write(Map.Entry<String, InstanceRecord> entry, InstanceRecord value) {
        if (entry instanceof ExtendedMapEntry<String, InstanceRecord> timed) {
            timed.setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
        } else {
            entry.setValue(value);
        }
    }
}
