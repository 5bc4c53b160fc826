package dev.switchboard.contract.hazelcast;

import java.util.Comparator;

/**
 * One client in one channel's presence ({@link HazelcastNames#CHANNEL_PRESENCE}), written by the gateway node
 * holding its subscription and removed when the subscription ends; a dead node's are swept with its clients.
 */
public record PresenceRecord(String channel, String clientId, String userId, String nodeId, long joinedAtEpochMillis)
        implements Comparable<PresenceRecord> {

    /** Oldest joined first: the order a paged presence query is cut in, on the members (which hold this class). */
    private static final Comparator<PresenceRecord> OLDEST_FIRST =
            Comparator.comparingLong(PresenceRecord::joinedAtEpochMillis).thenComparing(PresenceRecord::clientId);

    /** The map key: channel names have no spaces, so the pair is unambiguous. */
    public static String key(String channel, String clientId) {
        return channel + " " + clientId;
    }

    @Override
    public int compareTo(PresenceRecord other) {
        return OLDEST_FIRST.compare(this, other);
    }
}
