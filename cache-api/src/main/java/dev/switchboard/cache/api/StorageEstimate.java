package dev.switchboard.cache.api;

/** {@code navigator.storage.estimate()} for one origin: bytes used and bytes allowed. */
public record StorageEstimate(long usage, long quota) {}
