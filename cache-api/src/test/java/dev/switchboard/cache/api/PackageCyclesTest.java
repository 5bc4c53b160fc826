package dev.switchboard.cache.api;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * The Cache API's Hazelcast implementation depends on the API, never the other way.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.cache.api");
    }
}
