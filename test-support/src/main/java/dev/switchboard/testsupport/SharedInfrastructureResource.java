package dev.switchboard.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points a {@code @QuarkusTest} at the JVM's {@link SharedInfrastructure}: a real broker and real members. */
public class SharedInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfrastructure.serviceConfig();
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by a shutdown hook when the JVM exits.
    }
}
