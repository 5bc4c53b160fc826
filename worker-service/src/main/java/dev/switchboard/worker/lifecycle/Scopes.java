package dev.switchboard.worker.lifecycle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.worker.bundle.BuiltinWorkers;

/**
 * The browser's scope rules for {@code register(script, {scope})} (Service Workers spec, Start Register and
 * Update): the default scope is the script's folder; a scope must be same-origin with the script and inside
 * the maximum scope, which is the script's folder unless an allowed scope (the {@code Service-Worker-Allowed}
 * header's equivalent) widens it; paths must not hide a slash or backslash as {@code %2f}/{@code %5c}.
 */
public final class Scopes {

    private Scopes() {
    }

    /** The scope to register under; throws a 400 {@link RegistrationException} for a TypeError or SecurityError. */
    public static String resolve(String scriptUrl, String scope, String allowedScope) {
        if (scriptUrl.startsWith(BuiltinWorkers.SCHEME)) {
            // A built-in serves its own scope (builtin:<name>/), which no HTTP request ever matches.
            return scriptUrl + "/";
        }
        URI script = absoluteHttp(scriptUrl, "script URL");
        rejectEncodedSlashes(script, "script URL");
        URI scopeUri = scope == null || scope.isBlank() ? script.resolve("./") : parse(script, scope, "scope");
        requireHttp(scopeUri, "scope");
        rejectEncodedSlashes(scopeUri, "scope");
        if (!origin(scopeUri).equals(origin(script))) {
            throw RegistrationException.badRequest("SecurityError: the scope's origin " + origin(scopeUri)
                    + " is not the script's origin " + origin(script));
        }
        String maxScopePath = allowedScope == null || allowedScope.isBlank() ? script.resolve("./").getRawPath()
                : parse(script, allowedScope, "allowed scope").getRawPath();
        String scopePath = scopeUri.getRawPath();
        if (!scopePath.startsWith(maxScopePath)) {
            throw RegistrationException.badRequest("SecurityError: the scope path " + scopePath
                    + " is not under the maximum scope " + maxScopePath
                    + " (the script's folder, or the allowed scope given with the registration)");
        }
        return stripFragment(scopeUri);
    }

    /** {@code scheme://host[:port]} of a scope or URL. */
    public static String origin(String url) {
        return origin(URI.create(url));
    }

    /** A client at {@code url} is in {@code scope} when its URL starts with the scope URL. */
    public static boolean inScope(String scope, String url) {
        return url != null && !url.isEmpty() && url.startsWith(scope);
    }

    /** The client-registry query for the clients in {@code scope} (their URL starts with it). */
    public static Predicate<String, ClientRecord> clientsIn(String scope) {
        String escaped = scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return Predicates.like("url", escaped + "%");
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static URI absoluteHttp(String url, String what) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw RegistrationException.badRequest("TypeError: the " + what + " is not a URL: " + url);
        }
        requireHttp(uri, what);
        return uri;
    }

    private static URI parse(URI base, String url, String what) {
        try {
            return base.resolve(new URI(url));
        } catch (URISyntaxException e) {
            throw RegistrationException.badRequest("TypeError: the " + what + " is not a URL: " + url);
        }
    }

    private static void requireHttp(URI uri, String what) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            throw RegistrationException.badRequest("TypeError: the " + what + " must be an absolute http(s) URL: " + uri);
        }
    }

    private static void rejectEncodedSlashes(URI uri, String what) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().toLowerCase(Locale.ROOT);
        if (path.contains("%2f") || path.contains("%5c")) {
            throw RegistrationException.badRequest("TypeError: the " + what + "'s path contains an escaped / or \\");
        }
    }

    private static String stripFragment(URI uri) {
        String text = uri.toString();
        int hash = text.indexOf('#');
        return hash < 0 ? text : text.substring(0, hash);
    }
}
