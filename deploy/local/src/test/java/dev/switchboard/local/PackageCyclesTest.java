package dev.switchboard.local;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * The launcher's classes stay free of package cycles as they grow subpackages.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.local");
    }
}
