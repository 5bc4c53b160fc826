package dev.switchboard.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;

/**
 * A service with an HTTP API does not start without a complete token verifier: a key to check signatures with,
 * the issuer and the audience. Without them every token of any issuer for any audience signed by the key would
 * pass, or no token at all, and the API would be open or shut by accident.
 */
@Singleton
public class TokenVerifierCheck {

    static final List<String> KEY_PROPERTIES =
            List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location");
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";

    void check(@Observes StartupEvent started, Config config) {
        List<String> missing = missing(config);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no token verifier: set " + String.join(", ", missing)
                    + " (every API of this service needs a bearer JWT; see docs/security.md)");
        }
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (KEY_PROPERTIES.stream().noneMatch(name -> present(config, name))) {
            missing.add(KEY_PROPERTIES.get(0) + " (or " + KEY_PROPERTIES.get(1) + ")");
        }
        if (!present(config, ISSUER)) {
            missing.add(ISSUER);
        }
        if (!present(config, AUDIENCES)) {
            missing.add(AUDIENCES);
        }
        return missing;
    }

    private static boolean present(Config config, String name) {
        Optional<String> value = config.getOptionalValue(name, String.class);
        return value.isPresent() && !value.get().isBlank();
    }
}
