package dev.switchboard.worker.instance;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fencing token of each partition of the workers topic this node holds: the consumer group's generation when
 * the partition was assigned to it. A later owner of the partition was assigned it in a later generation, so its
 * token is larger and its writes win (docs/workers.md, "One instance").
 */
public final class PartitionTokens {

    private final Map<Integer, Long> tokens = new ConcurrentHashMap<>();

    public void assigned(Collection<Integer> partitions, long generation) {
        partitions.forEach(partition -> tokens.put(partition, generation));
    }

    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(tokens::remove);
    }

    /** The token of {@code partition}, empty when this node does not hold it. */
    public OptionalLong token(int partition) {
        Long token = tokens.get(partition);
        return token == null ? OptionalLong.empty() : OptionalLong.of(token);
    }
}
