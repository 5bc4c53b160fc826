package dev.switchboard.worker.strategies;

import java.net.URI;
import java.util.regex.Pattern;

import dev.switchboard.cache.api.CacheRequest;

/**
 * Which requests a route takes, like the first argument of Workbox's {@code registerRoute}. A value starting with
 * {@code /} is compared with the URL's path (and query, for {@link #exact}); any other value with the whole URL.
 * A regular expression is searched in the whole URL. Only GET requests match (Workbox's default method).
 */
public interface RouteMatcher {

    boolean matches(CacheRequest request);

    /** The declaration this matcher was made from: {@code prefix}, {@code exact} or {@code regex}. */
    String kind();

    String value();

    static RouteMatcher prefix(String prefix) {
        return new Matcher("prefix", prefix, url -> subject(url, prefix, false).startsWith(prefix));
    }

    static RouteMatcher exact(String value) {
        return new Matcher("exact", value, url -> subject(url, value, true).equals(value));
    }

    static RouteMatcher regex(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return new Matcher("regex", regex, url -> pattern.matcher(url).find());
    }

    private static String subject(String url, String value, boolean withQuery) {
        if (!value.startsWith("/")) {
            return url;
        }
        URI uri = URI.create(url);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return withQuery && uri.getRawQuery() != null ? path + "?" + uri.getRawQuery() : path;
    }

    /** A matcher from its declaration. */
    record Matcher(String kind, String value, java.util.function.Predicate<String> urlTest) implements RouteMatcher {

        @Override
        public boolean matches(CacheRequest request) {
            if (!"GET".equalsIgnoreCase(request.method())) {
                return false;
            }
            try {
                return urlTest.test(request.url());
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
    }
}
