package dev.switchboard.worker;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/** No two packages of this service depend on each other, directly or around a longer loop. */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.worker");
    }
}
