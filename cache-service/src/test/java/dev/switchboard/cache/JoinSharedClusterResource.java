package dev.switchboard.cache;

import java.util.HashMap;
import java.util.Map;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Lets the cache-service under test join the JVM's shared Hazelcast cluster as one more member, verifying test tokens. */
public class JoinSharedClusterResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(SharedInfrastructure.serviceConfig());
        config.put("switchboard.hazelcast.member.port", String.valueOf(FreePorts.next()));
        config.put("switchboard.hazelcast.member.bind-address", "127.0.0.1");
        config.putAll(TestTokens.verifierConfig());
        return config;
    }

    @Override
    public void stop() {
        // the shared cluster outlives this test class
    }
}
