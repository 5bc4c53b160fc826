package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.testsupport.SharedInfrastructure;

/**
 * The packaged gateway, run as in production (not anonymous) but without a complete token verifier, does not
 * start, and says which keys are missing.
 */
class GatewayProductionSafetyIT {

    @Test
    void withoutIssuerAndAudienceTheGatewayRefusesToStartAndNamesTheKeys() throws Exception {
        Path home = Path.of(System.getProperty("switchboard.home", "../.."))
                .toAbsolutePath()
                .normalize();
        Map<String, String> properties = new HashMap<>(SharedInfrastructure.serviceConfig());
        properties.put("switchboard.gateway.node-id", "gateway-unsafe");
        properties.put("quarkus.otel.sdk.disabled", "true");
        properties.put("mp.jwt.verify.publickey.location", "file:/nonexistent/issuer.pem");
        ServiceProcess gateway = ServiceProcess.of(
                SuiteService.GATEWAY,
                "gateway-unsafe",
                home,
                home.resolve("target/switchboard-it/logs"),
                FreePorts.next(),
                "256m",
                properties);
        try {
            Files.deleteIfExists(gateway.log());
            gateway.start();
            assertThatThrownBy(() -> gateway.awaitReady(MultiNodeFixture.READY)).hasMessageContaining("exited");
            String log = Files.readString(gateway.log());
            assertThat(log)
                    .contains(
                            "the gateway cannot start",
                            "mp.jwt.verify.issuer",
                            "mp.jwt.verify.audiences",
                            "switchboard.gateway.security.anonymous=true");
            assertThat(gateway.isAlive()).isFalse();
        } finally {
            gateway.kill();
        }
    }
}
