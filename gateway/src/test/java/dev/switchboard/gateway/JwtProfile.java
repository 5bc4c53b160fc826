package dev.switchboard.gateway;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The gateway with anonymous mode off, verifying tokens of {@link TestTokens}' issuer. */
public class JwtProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "switchboard.gateway.security.anonymous", "false",
                "mp.jwt.verify.publickey.location", TestTokens.publicKeyFile().toUri().toString(),
                "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.verify.audiences", TestTokens.AUDIENCE);
    }
}
