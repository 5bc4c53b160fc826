package dev.switchboard.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * {@link SharedInfrastructureResource} plus the verifier of {@link TestTokens}: what a {@code @QuarkusTest} of a
 * service with an authenticated API (worker-service, cache-service, push-service) needs to start and be called.
 */
public class SecuredServiceResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(SharedInfrastructure.serviceConfig());
        config.putAll(TestTokens.verifierConfig());
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by a shutdown hook when the JVM exits.
    }
}
