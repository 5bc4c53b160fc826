package dev.switchboard.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The browser's scope rules for register(). Each nested class ports one upstream file of web-platform-tests'
 * service-workers/service-worker (its display name), each of its tests one upstream case (the upstream title);
 * cases of Switchboard's own are tagged {@code switchboard}. Upstream resolves relative script and scope URLs
 * against the test page, {@link #PAGE}; {@link #page} writes them out against it, leaving what register() must
 * normalise (dot segments, repeated slashes) in place.
 */
class ScopesTest {

    private static final String ORIGIN = "https://shop.example";
    private static final String REMOTE_ORIGIN = "https://remote.example";
    /** The folder of the upstream test pages. */
    private static final String PAGE = ORIGIN + "/service-workers/service-worker/";

    private static final String SCRIPT = "https://shop.example/app/sw.jar";

    /** A URL relative to the upstream test page, as register() gets it once the page's base is applied. */
    private static String page(String relative) {
        return relative.startsWith("/") ? ORIGIN + relative : PAGE + relative;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
            String script, String scope, String allowedScope, String error) {
        return assertThatThrownBy(() -> Scopes.resolve(script, scope, allowedScope))
                .isInstanceOf(RegistrationException.class)
                .hasMessageStartingWith(error + ":");
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/resources/registration-tests-basic.js")
    class RegistrationTestsBasic {

        private static final String WORKER = page("resources/registration-worker.js");

        @Test
        @DisplayName("Registering normal scope")
        void normalScope() {
            assertThat(Scopes.resolve(WORKER, page("resources/registration/normal"), null))
                    .isEqualTo(page("resources/registration/normal"));
        }

        @Test
        @DisplayName("Registering scope with fragment")
        void scopeWithFragment() {
            assertThat(Scopes.resolve(WORKER, page("resources/registration/scope-with-fragment#ref"), null))
                    .isEqualTo(page("resources/registration/scope-with-fragment"));
        }

        @Test
        @DisplayName("Registering same scope as the script directory")
        void scriptDirectory() {
            assertThat(Scopes.resolve(WORKER, page("resources/"), null)).isEqualTo(page("resources/"));
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/resources/registration-tests-scope.js")
    class RegistrationTestsScope {

        private static final String WORKER = page("resources/empty-worker.js");

        @Test
        @DisplayName("Scope including URL-encoded slash")
        void encodedSlash() {
            assertRejected(WORKER, page("resources/scope%2fencoded-slash-in-scope"), null, "TypeError");
        }

        @Test
        @DisplayName("Scope including URL-encoded backslash")
        void encodedBackslash() {
            assertRejected(WORKER, page("resources/scope%5cencoded-slash-in-scope"), null, "TypeError");
        }

        @Test
        @DisplayName("Scope including URL-encoded multibyte characters")
        void encodedMultibyte() {
            String scope =
                    page("resources/%ef%bd%93%ef%bd%83%ef%bd%8f%ef%bd%90%ef%bd%85/escaped-multibyte-character-scope");
            assertThat(Scopes.resolve(WORKER, scope, null)).isEqualTo(scope);
        }

        @Test
        @DisplayName("Scope including non-escaped multibyte characters")
        void nonEscapedMultibyte() {
            String name = new String(Character.toChars(0xff53))
                    + new String(Character.toChars(0xff43))
                    + new String(Character.toChars(0xff4f))
                    + new String(Character.toChars(0xff50))
                    + new String(Character.toChars(0xff45));
            assertThat(Scopes.resolve(
                            WORKER, page("resources/" + name + "/non-escaped-multibyte-character-scope"), null))
                    .as("the scope is the serialised URL: percent-encoded UTF-8")
                    .isEqualTo(
                            page(
                                    "resources/%EF%BD%93%EF%BD%83%EF%BD%8F%EF%BD%90%EF%BD%85/non-escaped-multibyte-character-scope"));
        }

        @Test
        @DisplayName("Scope including self-reference")
        void selfReference() {
            assertThat(Scopes.resolve(WORKER, page("resources/././scope/self-reference-in-scope"), null))
                    .isEqualTo(page("resources/scope/self-reference-in-scope"));
        }

        @Test
        @DisplayName("Scope including parent-reference")
        void parentReference() {
            assertThat(Scopes.resolve(WORKER, page("resources/../resources/scope/parent-reference-in-scope"), null))
                    .isEqualTo(page("resources/scope/parent-reference-in-scope"));
        }

        @Test
        @DisplayName("Scope including consecutive slashes")
        void consecutiveSlashes() {
            String scope = page("resources/scope////consecutive-slashes-in-scope");
            assertThat(Scopes.resolve(WORKER, scope, null))
                    .as("consecutive slashes are not unified")
                    .isEqualTo(scope);
        }

        @Test
        @DisplayName("Scope URL is same-origin filesystem: URL")
        void filesystemScope() {
            assertRejected(WORKER, "filesystem:" + page("resources/scope/filesystem-scope-url"), null, "TypeError");
        }
    }

    @Nested
    @DisplayName("WPT service-workers/service-worker/resources/registration-tests-security-error.js")
    class RegistrationTestsSecurityError {

        @Test
        @DisplayName("Registering same scope as the script directory without the last slash")
        void scriptDirectoryWithoutSlash() {
            assertRejected(page("resources/registration-worker.js"), page("resources"), null, "SecurityError");
        }

        @Test
        @DisplayName("Registration scope outside the script directory")
        void outsideScriptDirectory() {
            assertRejected(
                    page("resources/registration-worker.js"), page("different-directory/"), null, "SecurityError");
        }

        @Test
        @DisplayName("Registering scope outside domain")
        void scopeOutsideDomain() {
            assertRejected(page("resources/registration-worker.js"), "http://example.com/", null, "SecurityError");
        }

        @Test
        @DisplayName("Scope including parent-reference and not under the script directory")
        void parentReferenceOutside() {
            assertRejected(
                    page("resources/empty-worker.js"),
                    page("resources/../scope/parent-reference-in-scope"),
                    null,
                    "SecurityError");
        }

        @Test
        @DisplayName("Script URL including consecutive slashes")
        void consecutiveSlashesInScript() {
            assertRejected(
                    page("resources////empty-worker.js"),
                    page("resources/scope/consecutive-slashes-in-script-url"),
                    null,
                    "SecurityError");
        }

        @Test
        @DisplayName("Script URL is same-origin filesystem: URL")
        void filesystemScript() {
            assertRejected(
                    "filesystem:" + page("resources/empty-worker.js"),
                    page("resources/scope/filesystem-script-url"),
                    null,
                    "TypeError");
        }
    }

    /** {@code Service-Worker-Allowed} is the registration's {@code allowedScope}, resolved against the script URL. */
    @Nested
    @DisplayName("WPT service-workers/service-worker/Service-Worker-Allowed-header.https.html")
    class ServiceWorkerAllowedHeader {

        private static final String WORKER = page("resources/empty-worker.js");

        @Test
        @DisplayName("Registering within Service-Worker-Allowed path")
        void withinAllowedPath() {
            assertThat(Scopes.resolve(WORKER, page("/allowed-path"), "/allowed-path"))
                    .isEqualTo(ORIGIN + "/allowed-path");
        }

        @Test
        @DisplayName("Registering within Service-Worker-Allowed path (absolute URL)")
        void withinAllowedPathAbsolute() {
            assertThat(Scopes.resolve(WORKER, page("/allowed-path"), ORIGIN + "/allowed-path"))
                    .isEqualTo(ORIGIN + "/allowed-path");
        }

        @Test
        @DisplayName("Registering within Service-Worker-Allowed path with parent reference")
        void withinAllowedPathWithParent() {
            assertThat(Scopes.resolve(WORKER, page("allowed-path-with-parent"), "../allowed-path-with-parent"))
                    .isEqualTo(page("allowed-path-with-parent"));
        }

        @Test
        @DisplayName("Registering outside Service-Worker-Allowed path")
        void outsideAllowedPath() {
            assertRejected(WORKER, page("/disallowed-path"), "../allowed-path", "SecurityError");
        }

        @Test
        @DisplayName("Registering outside Service-Worker-Allowed path with parent reference")
        void outsideAllowedPathWithParent() {
            assertRejected(WORKER, page("/allowed-path-with-parent"), "../allowed-path-with-parent", "SecurityError");
        }

        @Test
        @DisplayName("Service-Worker-Allowed is cross-origin to script, registering on a normally allowed scope")
        void crossOriginAllowedNormallyAllowedScope() {
            assertRejected(
                    WORKER, page("resources/this-scope-is-normally-allowed"), REMOTE_ORIGIN + "/", "SecurityError");
        }

        @Test
        @DisplayName("Service-Worker-Allowed is cross-origin to script, registering on a normally disallowed scope")
        void crossOriginAllowedNormallyDisallowedScope() {
            assertRejected(WORKER, page("/this-scope-is-normally-disallowed"), REMOTE_ORIGIN + "/", "SecurityError");
        }

        @Test
        @DisplayName("Service-Worker-Allowed is cross-origin to page, same-origin to script")
        void crossOriginToPage() {
            String remoteWorker = REMOTE_ORIGIN + "/service-workers/service-worker/resources/empty-worker.js";
            assertRejected(remoteWorker, page("/cross-origin/"), REMOTE_ORIGIN + "/cross-origin/", "SecurityError");
        }
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: the default scope is the script's folder")
    void theDefaultScopeIsTheScriptsFolder() {
        assertThat(Scopes.resolve(SCRIPT, null, null)).isEqualTo("https://shop.example/app/");
        assertThat(Scopes.resolve(SCRIPT, "", null)).isEqualTo("https://shop.example/app/");
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: a relative scope resolves against the script, and a narrower one is allowed")
    void aRelativeScopeResolvesAgainstTheScriptAndANarrowerOneIsAllowed() {
        assertThat(Scopes.resolve(SCRIPT, "cart/", null)).isEqualTo("https://shop.example/app/cart/");
        assertThat(Scopes.resolve(SCRIPT, "/app/cart", null)).isEqualTo("https://shop.example/app/cart");
        assertThat(Scopes.resolve(SCRIPT, "/", "/")).isEqualTo("https://shop.example/");
        assertThat(Scopes.resolve(SCRIPT, "/other/", "/")).isEqualTo("https://shop.example/other/");
        assertRejected(SCRIPT, "/", "/app/x/", "SecurityError")
                .extracting(e -> ((RegistrationException) e).status())
                .isEqualTo(400);
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: a script URL that is not an absolute http(s) URL is a TypeError")
    void nonHttpScriptsAreTypeErrors() {
        assertRejected("https://shop.example/app%2Fsw.jar", null, null, "TypeError");
        assertRejected("ftp://shop.example/sw.jar", null, null, "TypeError");
        assertRejected("sw.jar", null, null, "TypeError");
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: built-ins have their own scope that no request matches")
    void builtInsHaveTheirOwnScopeThatNoRequestMatches() {
        assertThat(Scopes.resolve("builtin:echo", null, null)).isEqualTo("builtin:echo/");
        assertThat(Scopes.inScope("builtin:echo/", "https://shop.example/")).isFalse();
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: the origin drops default ports")
    void theOriginDropsDefaultPorts() {
        assertThat(Scopes.origin("https://Shop.example:443/app/")).isEqualTo("https://shop.example");
        assertThat(Scopes.origin("http://shop.example:8080/app/")).isEqualTo("http://shop.example:8080");
    }
}
