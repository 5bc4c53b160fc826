package dev.switchboard.outbound;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.PackageCycles;

/**
 * The outbound module's classes stay free of package cycles as it grows subpackages.
 */
class PackageCyclesTest {

    @Test
    void packagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.outbound");
    }
}
