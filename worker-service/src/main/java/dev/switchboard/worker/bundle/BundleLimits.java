package dev.switchboard.worker.bundle;

/**
 * How much a bundle may be. A jar is a zip: a few kilobytes can inflate to gigabytes, so entries are counted and
 * each one's and the total's inflated bytes are bounded while it is read, not after.
 *
 * @param maxBytes largest jar accepted, in bytes (compressed, as published)
 * @param maxEntries most entries (files) in one jar
 * @param maxEntryBytes largest inflated entry
 * @param maxInflatedBytes largest sum of the inflated entries
 * @param maxStored most bundles (and script URLs) the cluster keeps; a publish past it is refused until unreferenced
 *        bundles have been collected
 */
public record BundleLimits(int maxBytes, int maxEntries, long maxEntryBytes, long maxInflatedBytes, int maxStored) {

    /** The documented defaults (docs/operations.md). */
    public static final BundleLimits DEFAULTS =
            new BundleLimits(10 * 1024 * 1024, 4096, 16L * 1024 * 1024, 64L * 1024 * 1024, 1000);

    public BundleLimits {
        if (maxBytes < 1 || maxEntries < 1 || maxEntryBytes < 1 || maxInflatedBytes < maxEntryBytes || maxStored < 1) {
            throw new IllegalArgumentException(
                    "switchboard.worker.bundles: max-bytes, max-entries, max-entry-bytes and "
                            + "max-stored must be positive and max-inflated-bytes at least max-entry-bytes");
        }
    }

    public BundleLimits withMaxBytes(int bytes) {
        return new BundleLimits(bytes, maxEntries, maxEntryBytes, maxInflatedBytes, maxStored);
    }
}
