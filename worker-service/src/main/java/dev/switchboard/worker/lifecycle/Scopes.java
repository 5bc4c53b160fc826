package dev.switchboard.worker.lifecycle;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.worker.bundle.BuiltinWorkers;

/**
 * The browser's scope rules for {@code register(script, {scope})} (Service Workers spec, Start Register and
 * Update): the default scope is the script's folder; a scope must be same-origin with the script and inside
 * the maximum scope, which is the script's folder unless an allowed scope (the {@code Service-Worker-Allowed}
 * header's equivalent) on the script's origin widens it; paths must not hide a slash or backslash as
 * {@code %2f}/{@code %5c}. URLs resolve as the URL Standard resolves them (dot segments removed, empty segments
 * kept) and a scope is given back in its serialised, percent-encoded form.
 */
public final class Scopes {

    private Scopes() {}

    /** The scope to register under; throws a 400 {@link RegistrationException} for a TypeError or SecurityError. */
    public static String resolve(String scriptUrl, String scope, String allowedScope) {
        if (scriptUrl.startsWith(BuiltinWorkers.SCHEME)) {
            // A built-in serves its own scope (builtin:<name>/), which no HTTP request ever matches.
            return scriptUrl + "/";
        }
        URI script = absoluteHttp(scriptUrl, "script URL");
        rejectEncodedSlashes(script, "script URL");
        URI scopeUri = parse(script, scope == null || scope.isBlank() ? "./" : scope, "scope");
        requireHttp(scopeUri, "scope");
        rejectEncodedSlashes(scopeUri, "scope");
        if (!origin(scopeUri).equals(origin(script))) {
            throw RegistrationException.badRequest("SecurityError: the scope's origin " + origin(scopeUri)
                    + " is not the script's origin " + origin(script));
        }
        String maxScopePath = maxScope(script, allowedScope).getRawPath();
        String scopePath = scopeUri.getRawPath();
        if (!scopePath.startsWith(maxScopePath)) {
            throw RegistrationException.badRequest("SecurityError: the scope path " + scopePath
                    + " is not under the maximum scope " + maxScopePath
                    + " (the script's folder, or the allowed scope given with the registration)");
        }
        return stripFragment(scopeUri);
    }

    /**
     * The maximum scope: the script's folder, or the allowed scope resolved against the script. An allowed scope on
     * another origin allows nothing (the spec leaves the maximum scope string null, so every scope fails the check).
     */
    private static URI maxScope(URI script, String allowedScope) {
        if (allowedScope == null || allowedScope.isBlank()) {
            return parse(script, "./", "script URL");
        }
        URI allowed = parse(script, allowedScope, "allowed scope");
        if (!isHttp(allowed) || !origin(allowed).equals(origin(script))) {
            throw RegistrationException.badRequest("SecurityError: the allowed scope " + allowed
                    + " is not on the script's origin " + origin(script) + ", so it allows no scope");
        }
        return allowed;
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
        boolean defaultPort =
                port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
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

    /** {@code url} resolved against {@code base}, percent-encoded; a TypeError when it is not a URL. */
    private static URI parse(URI base, String url, String what) {
        try {
            return URI.create(resolve(base, new URI(url)).toASCIIString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw RegistrationException.badRequest("TypeError: the " + what + " is not a URL: " + url);
        }
    }

    /**
     * The URL Standard's resolution of a reference against a hierarchical base. {@link URI#resolve} would also
     * collapse repeated slashes, which the URL Standard keeps ({@code a////b} is a scope of its own).
     */
    private static URI resolve(URI base, URI reference) throws URISyntaxException {
        if (reference.isOpaque()) {
            return reference;
        }
        if (reference.isAbsolute() || reference.getRawAuthority() != null) {
            String scheme = reference.isAbsolute() ? reference.getScheme() : base.getScheme();
            return build(
                    scheme,
                    reference.getRawAuthority(),
                    removeDotSegments(reference.getRawPath()),
                    reference.getRawQuery(),
                    reference.getRawFragment());
        }
        String path = reference.getRawPath();
        String basePath = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        String merged = path.isEmpty()
                ? basePath
                : path.startsWith("/") ? path : basePath.substring(0, basePath.lastIndexOf('/') + 1) + path;
        String query = path.isEmpty() && reference.getRawQuery() == null ? base.getRawQuery() : reference.getRawQuery();
        return build(
                base.getScheme(), base.getRawAuthority(), removeDotSegments(merged), query, reference.getRawFragment());
    }

    private static URI build(String scheme, String authority, String path, String query, String fragment)
            throws URISyntaxException {
        return new URI(scheme + ":" + (authority == null ? "" : "//" + authority) + path
                + (query == null ? "" : "?" + query) + (fragment == null ? "" : "#" + fragment));
    }

    /** RFC 3986 section 5.2.4: {@code .} and {@code ..} segments go ({@code ..} stops at the root), empty ones stay. */
    private static String removeDotSegments(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".")) {
                kept.addLast(segment);
                continue;
            }
            if (last) {
                kept.addLast("");
            }
        }
        return "/" + String.join("/", kept);
    }

    private static void requireHttp(URI uri, String what) {
        if (!isHttp(uri)) {
            throw RegistrationException.badRequest(
                    "TypeError: the " + what + " must be an absolute http(s) URL: " + uri);
        }
    }

    private static boolean isHttp(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null;
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
