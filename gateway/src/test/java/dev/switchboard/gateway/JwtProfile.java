package dev.switchboard.gateway;

import java.util.HashMap;
import java.util.Map;

import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The gateway with anonymous mode off, verifying tokens of {@link TestTokens}' issuer. */
public class JwtProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(TestTokens.verifierConfig());
        overrides.put("switchboard.gateway.security.anonymous", "false");
        return overrides;
    }
}
