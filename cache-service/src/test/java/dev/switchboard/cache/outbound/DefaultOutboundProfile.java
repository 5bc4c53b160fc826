package dev.switchboard.cache.outbound;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The outbound policy as shipped: the tests' allowance for loopback taken away. */
public class DefaultOutboundProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("switchboard.outbound.allowed-networks", "");
    }
}
