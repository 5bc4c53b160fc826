package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A service does not outlive the process that started it (the launcher, a test JVM), even one killed without a
 * chance to stop it: its standard input is a pipe from that process, and when the pipe ends the service shuts
 * down gracefully by itself.
 */
class OrphanedServiceIT {

    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void aServiceWhoseStarterIsGoneStopsByItself() throws Exception {
        ServiceProcess orphaned = suite.startExtraGateway("gateway-orphaned");
        try {
            orphaned.orphan();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (orphaned.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(orphaned.isAlive())
                    .as("stopped within a minute of its standard input's end")
                    .isFalse();
            assertThat(Files.readString(orphaned.log())).contains("the process that started this service is gone");
        } finally {
            orphaned.kill();
        }
    }
}
