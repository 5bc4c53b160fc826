package dev.switchboard.cache.api.hazelcast;

/**
 * A stored response (value of {@code switchboard.cache.responses}, keyed by entry id). The body's first chunk is
 * inline; chunks 1..n-1 are in {@code switchboard.cache.chunks} under {@code entryId/i}.
 */
public record StoredResponse(
        int status,
        String statusText,
        String[] headerNames,
        String[] headerValues,
        String url,
        byte[] firstChunk,
        int chunks,
        int bodyLength) {}
