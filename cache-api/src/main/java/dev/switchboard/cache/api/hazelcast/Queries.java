package dev.switchboard.cache.api.hazelcast;

import java.util.Objects;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;

/** The Service Worker spec's "request matches cached item", on absolute URLs. */
final class Queries {

    private Queries() {}

    /** Whether a query (absolute URL) matches a stored entry; the stored headers are only read when Vary needs them. */
    static boolean matches(CacheRequest query, IndexEntry entry, QueryOptions options) {
        if (!options.ignoreMethod() && !"GET".equals(query.method())) {
            return false;
        }
        if (!CacheUrls.comparable(query.url(), options.ignoreSearch())
                .equals(CacheUrls.comparable(entry.url(), options.ignoreSearch()))) {
            return false;
        }
        return options.ignoreVary()
                || entry.vary() == null
                || varyMatches(query.headers(), entry.requestHeaders(), entry.vary());
    }

    private static boolean varyMatches(Headers queryHeaders, Headers storedHeaders, String vary) {
        for (String field : vary.split(",")) {
            String name = field.trim();
            if (name.equals("*")) {
                return false;
            }
            if (!name.isEmpty() && !Objects.equals(queryHeaders.get(name), storedHeaders.get(name))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a {@code Vary} header value names {@code *}: such a response can never be matched, so never stored. */
    static boolean varyStar(String vary) {
        if (vary == null) {
            return false;
        }
        for (String field : vary.split(",")) {
            if (field.trim().equals("*")) {
                return true;
            }
        }
        return false;
    }
}
