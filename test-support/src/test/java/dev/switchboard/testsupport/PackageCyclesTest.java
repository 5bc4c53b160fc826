package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.embedded.EmbeddedKafka;

/**
 * Test-support's own packages, and those of the modules it depends on (contract, embedded), which cannot depend
 * on it for a test of their own: their classes are read from where they were loaded.
 */
class PackageCyclesTest {

    @Test
    void thisModulesPackagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.testsupport");
    }

    @Test
    void theContractsPackagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.contract", EventTypes.class);
    }

    @Test
    void theEmbeddedInfrastructuresPackagesAreFreeOfCycles() {
        PackageCycles.assertFreeOfCycles("dev.switchboard.embedded", EmbeddedKafka.class);
    }

    @Test
    void aRootWithNoClassesFailsInsteadOfPassingEmpty() {
        assertThatThrownBy(() -> PackageCycles.assertFreeOfCycles("dev.switchboard.nosuch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.switchboard.nosuch");
    }
}
