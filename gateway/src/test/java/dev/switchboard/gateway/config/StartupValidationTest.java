package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What keeps a gateway from starting: an incomplete token verifier outside anonymous mode, and bounds that are not. */
class StartupValidationTest {

    private static final Map<String, String> VERIFIER = Map.of(
            "mp.jwt.verify.publickey.location", "file:/keys/issuer.pem",
            "mp.jwt.verify.issuer", "https://issuer.example",
            "mp.jwt.verify.audiences", "switchboard");

    @Test
    void withoutAnonymousModeAVerifierWithKeyIssuerAndAudienceIsRequiredAndTheMissingKeysAreNamed() {
        List<String> problems = problems(Map.of());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0))
                .contains(
                        "mp.jwt.verify.publickey.location",
                        "mp.jwt.verify.issuer",
                        "mp.jwt.verify.audiences",
                        "switchboard.gateway.security.anonymous=true");

        Map<String, String> noAudience = new HashMap<>(VERIFIER);
        noAudience.remove("mp.jwt.verify.audiences");
        assertThat(problems(noAudience))
                .singleElement()
                .asString()
                .startsWith("tokens cannot be verified safely: set mp.jwt.verify.audiences (")
                .contains("given: mp.jwt.verify.publickey.location (from", "mp.jwt.verify.issuer (from");

        Map<String, String> noIssuer = new HashMap<>(VERIFIER);
        noIssuer.put("mp.jwt.verify.issuer", "NONE"); // what SmallRye JWT's injection points default it to
        assertThat(problems(noIssuer)).singleElement().asString().contains("mp.jwt.verify.issuer");

        assertThat(problems(VERIFIER)).isEmpty();
    }

    @Test
    void anonymousModeMustBeAskedForAndAVerifierGivenWithItMustStillBeComplete() {
        assertThat(problems(Map.of("switchboard.gateway.security.anonymous", "true")))
                .isEmpty();
        assertThat(problems(Map.of(
                        "switchboard.gateway.security.anonymous",
                        "true",
                        "mp.jwt.verify.publickey.location",
                        "file:/keys/issuer.pem")))
                .singleElement()
                .asString()
                .contains("mp.jwt.verify.issuer", "mp.jwt.verify.audiences");
    }

    @Test
    void defaultValuesAreNotAVerifierTheOperatorGave() {
        // What Quarkus does in dev and test mode: a generated key and issuer, as default values.
        Map<String, String> generated = Map.of(
                "mp.jwt.verify.publickey", "MIIBIjANBgkq...", "mp.jwt.verify.issuer", "https://quarkus.io/issuer");
        assertThat(problems(Map.of("switchboard.gateway.security.anonymous", "true"), generated))
                .isEmpty();
        assertThat(problems(Map.of(), generated))
                .singleElement()
                .asString()
                .contains("mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer", "mp.jwt.verify.audiences");
    }

    @Test
    void boundsThatAreNotPositiveAreNamed() {
        Map<String, String> settings = new HashMap<>(VERIFIER);
        settings.put("switchboard.gateway.limits.max-connections-per-ip", "0");
        settings.put("switchboard.gateway.limits.messages-per-second", "-1");
        settings.put("switchboard.gateway.security.ticket-ttl", "PT0S");
        settings.put("switchboard.gateway.fetch.max-buffered-bytes", "1024");
        settings.put("switchboard.gateway.node-expiry", "PT5S");
        assertThat(problems(settings))
                .hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("limits.max-connections-per-ip"))
                .anySatisfy(p -> assertThat(p).contains("limits.messages-per-second"))
                .anySatisfy(p -> assertThat(p).contains("security.ticket-ttl"))
                .anySatisfy(p -> assertThat(p).contains("fetch.max-buffered-bytes"))
                .anySatisfy(p -> assertThat(p).contains("node-expiry"));
    }

    private static List<String> problems(Map<String, String> settings) {
        return problems(settings, Map.of());
    }

    private static List<String> problems(Map<String, String> settings, Map<String, String> defaults) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("quarkus.uuid", "test-node");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withDefaultValues(defaults)
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .build();
        return StartupValidation.problems(config.getConfigMapping(GatewayConfig.class), config);
    }
}
