package dev.switchboard.cache.api.hazelcast;

import java.util.Objects;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;

/** The Service Worker spec's "request matches cached item", on absolute URLs. */
final class Queries {

    private Queries() {
    }

    /** Whether a query (absolute URL) matches a stored entry. */
    static boolean matches(CacheRequest query, IndexEntry entry, QueryOptions options) {
        return matches(query, entry.url(), entry.requestHeaders(), entry.vary(), options);
    }

    static boolean matches(CacheRequest query, String storedUrl, Headers storedHeaders, String vary, QueryOptions options) {
        if (!options.ignoreMethod() && !"GET".equals(query.method())) {
            return false;
        }
        if (!CacheUrls.comparable(query.url(), options.ignoreSearch())
                .equals(CacheUrls.comparable(storedUrl, options.ignoreSearch()))) {
            return false;
        }
        if (options.ignoreVary() || vary == null) {
            return true;
        }
        for (String field : vary.split(",")) {
            String name = field.trim();
            if (name.equals("*")) {
                return false;
            }
            if (!name.isEmpty() && !Objects.equals(query.headers().get(name), storedHeaders.get(name))) {
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
