package dev.switchboard.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The browser's scope rules for register(); each case follows the WPT file named above it. */
class ScopesTest {

    private static final String SCRIPT = "https://shop.example/app/sw.jar";

    // WPT: service-workers/service-worker/resources/registration-tests-basic.js ("Registering normal scope")
    @Test
    void theDefaultScopeIsTheScriptsFolder() {
        assertThat(Scopes.resolve(SCRIPT, null, null)).isEqualTo("https://shop.example/app/");
        assertThat(Scopes.resolve(SCRIPT, "", null)).isEqualTo("https://shop.example/app/");
    }

    @Test
    void aRelativeScopeResolvesAgainstTheScriptAndANarrowerOneIsAllowed() {
        assertThat(Scopes.resolve(SCRIPT, "cart/", null)).isEqualTo("https://shop.example/app/cart/");
        assertThat(Scopes.resolve(SCRIPT, "/app/cart", null)).isEqualTo("https://shop.example/app/cart");
    }

    // WPT: service-workers/service-worker/Service-Worker-Allowed-header.https.html
    @Test
    void aWiderScopeNeedsTheAllowedScope() {
        assertThatThrownBy(() -> Scopes.resolve(SCRIPT, "/", null)).isInstanceOf(RegistrationException.class)
                .hasMessageContaining("SecurityError").extracting(e -> ((RegistrationException) e).status()).isEqualTo(400);
        assertThat(Scopes.resolve(SCRIPT, "/", "/")).isEqualTo("https://shop.example/");
        assertThat(Scopes.resolve(SCRIPT, "/other/", "/")).isEqualTo("https://shop.example/other/");
        assertThatThrownBy(() -> Scopes.resolve(SCRIPT, "/", "/app/x/")).hasMessageContaining("SecurityError");
    }

    // WPT: service-workers/service-worker/resources/registration-tests-security-error.js ("Registering scope outside domain")
    @Test
    void aScopeOnAnotherOriginIsASecurityError() {
        assertThatThrownBy(() -> Scopes.resolve(SCRIPT, "https://evil.example/app/", null))
                .hasMessageContaining("SecurityError");
    }

    // WPT: service-workers/service-worker/resources/registration-tests-scope.js ("Scope including URL-encoded slash")
    @Test
    void escapedSlashesAndNonHttpUrlsAreTypeErrors() {
        assertThatThrownBy(() -> Scopes.resolve(SCRIPT, "/app/a%2fb/", null)).hasMessageContaining("TypeError");
        assertThatThrownBy(() -> Scopes.resolve(SCRIPT, "/app/a%5Cb/", null)).hasMessageContaining("TypeError");
        assertThatThrownBy(() -> Scopes.resolve("https://shop.example/app%2Fsw.jar", null, null))
                .hasMessageContaining("TypeError");
        assertThatThrownBy(() -> Scopes.resolve("ftp://shop.example/sw.jar", null, null)).hasMessageContaining("TypeError");
        assertThatThrownBy(() -> Scopes.resolve("sw.jar", null, null)).hasMessageContaining("TypeError");
    }

    @Test
    void builtInsHaveTheirOwnScopeThatNoRequestMatches() {
        assertThat(Scopes.resolve("builtin:echo", null, null)).isEqualTo("builtin:echo/");
        assertThat(Scopes.inScope("builtin:echo/", "https://shop.example/")).isFalse();
    }

    @Test
    void theOriginDropsDefaultPorts() {
        assertThat(Scopes.origin("https://Shop.example:443/app/")).isEqualTo("https://shop.example");
        assertThat(Scopes.origin("http://shop.example:8080/app/")).isEqualTo("http://shop.example:8080");
    }
}
