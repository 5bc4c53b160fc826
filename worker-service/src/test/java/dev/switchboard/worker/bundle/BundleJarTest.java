package dev.switchboard.worker.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.switchboard.worker.runtime.TestBundles;

class BundleJarTest {

    @Test
    void aZipBombIsRefusedWhileItIsReadNotAfter() {
        byte[] bomb = ZipBombs.oneHugeEntry(256L << 20); // 256 MiB of zeros
        assertThat(bomb.length).as("a small upload").isLessThan(2 * 1024 * 1024);
        assertThatThrownBy(() -> BundleJar.read(bomb, BundleLimits.DEFAULTS))
                .isInstanceOf(BundleTooLargeException.class)
                .hasMessageContaining("inflates past 16777216 bytes")
                .hasMessageContaining("max-entry-bytes");
    }

    @Test
    void manyModestEntriesAreBoundedInTotalAndInNumber() {
        assertThatThrownBy(() -> BundleJar.read(ZipBombs.manyEntries(80, 1024 * 1024), BundleLimits.DEFAULTS))
                .isInstanceOf(BundleTooLargeException.class)
                .hasMessageContaining("max-inflated-bytes");
        assertThatThrownBy(() -> BundleJar.read(ZipBombs.manyEntries(4100, 1), BundleLimits.DEFAULTS))
                .isInstanceOf(BundleTooLargeException.class)
                .hasMessageContaining("more than 4096 entries");
        assertThatThrownBy(
                        () -> BundleJar.read(TestBundles.probe("name", "x"), BundleLimits.DEFAULTS.withMaxBytes(100)))
                .isInstanceOf(BundleTooLargeException.class)
                .hasMessageContaining("max-bytes");
    }

    @Test
    void anOrdinaryBundleIsRead() {
        BundleJar jar = BundleJar.read(TestBundles.probe("name", "x"), BundleLimits.DEFAULTS);
        assertThat(jar.workerClass()).isEqualTo("dev.switchboard.worker.bundles.ProbeWorker");
    }
}
