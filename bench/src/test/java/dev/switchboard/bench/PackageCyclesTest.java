package dev.switchboard.bench;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * The benchmarks' classes stay free of package cycles as they grow subpackages.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.bench");
    }
}
