package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PackageCyclesTest {

    @Test
    void thisModulesPackagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.testsupport");
    }

    @Test
    void aRootWithNoClassesFailsInsteadOfPassingEmpty() {
        assertThatThrownBy(() -> PackageCycles.assertFreeOfCycles("dev.switchboard.nosuch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.switchboard.nosuch");
    }
}
