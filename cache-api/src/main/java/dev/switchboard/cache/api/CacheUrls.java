package dev.switchboard.cache.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL rules of the Cache API: resolution against the origin, http(s) only, fragments never compared. */
public final class CacheUrls {

    private CacheUrls() {}

    /** {@code scheme://host[:port]} of an origin given with or without a trailing slash; TYPE_ERROR otherwise. */
    public static String origin(String origin) {
        URI uri = parse(origin == null ? "" : origin);
        if (!isHttp(uri)
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || !(uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))) {
            throw CacheException.typeError("origin must be http(s)://host[:port], not '" + origin + "'");
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                + uri.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /** {@code url} resolved against {@code origin}; rejects URLs that are not http(s) with a TYPE_ERROR. */
    public static String resolve(String origin, String url) {
        URI resolved = URI.create(origin + "/").resolve(parse(url));
        if (!isHttp(resolved)) {
            throw CacheException.typeError("only http and https URLs can be cached, not '" + url + "'");
        }
        return resolved.toString();
    }

    /** The URL compared by a query: without fragment and, when {@code ignoreSearch}, without query. */
    public static String comparable(String absoluteUrl, boolean ignoreSearch) {
        int fragment = absoluteUrl.indexOf('#');
        String withoutFragment = fragment < 0 ? absoluteUrl : absoluteUrl.substring(0, fragment);
        if (!ignoreSearch) {
            return withoutFragment;
        }
        int query = withoutFragment.indexOf('?');
        return query < 0 ? withoutFragment : withoutFragment.substring(0, query);
    }

    private static boolean isHttp(URI uri) {
        return uri.getScheme() != null
                && (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"));
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new CacheException(CacheException.Kind.TYPE_ERROR, "not a URL: '" + url + "'", e);
        }
    }
}
