package dev.switchboard.gateway.kafka;

/**
 * The last few event ids a reader passed on, to drop a repeat: upstream is at least once (a worker that crashed
 * after publishing runs the event again, and what it sends carries the ids it had the first time), so the same event
 * can come back at a later offset. Not thread-safe: its owner holds its lock. The window is allocated once used.
 */
public final class RecentIds {

    private final int size;
    private long[] ids;
    private int next;

    /** @param size how many ids are remembered; 0 remembers none */
    public RecentIds(int size) {
        this.size = size;
    }

    /** True when {@code id} was passed on lately; remembers it otherwise. A null id is never a repeat. */
    public boolean repeated(String id) {
        if (size == 0 || id == null) {
            return false;
        }
        long hash = fingerprint(id);
        if (ids == null) {
            ids = new long[size];
        }
        for (long recent : ids) {
            if (recent == hash) {
                return true;
            }
        }
        ids[next] = hash;
        next = (next + 1) % size;
        return false;
    }

    /** 64-bit FNV-1a: event ids are 36-character UUIDs, so collisions in a window of tens are out of reach. */
    private static long fingerprint(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }
}
