package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.cacheTest;
import static dev.switchboard.cache.api.wpt.WptSupport.prepopulated;
import static dev.switchboard.cache.api.wpt.WptSupport.responses;
import static dev.switchboard.cache.api.wpt.WptSupport.simpleEntries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;
import dev.switchboard.cache.api.wpt.WptSupport.Entry;

/** Port of WPT service-workers/cache-storage/cache-delete.https.any.js. */
class CacheDeleteTest {

    private static final String TEST_URL = "https://example.com/foo";

    private static Cache withTestEntry() {
        Cache cache = cacheTest();
        cache.put(CacheRequest.get(TEST_URL), CacheResponse.ok("Hello world!"));
        return cache;
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete with no arguments")
    void noArguments() {
        assertThatThrownBy(() -> cacheTest().delete(null, QueryOptions.DEFAULT)).isInstanceOfSatisfying(CacheException.class,
                e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.TYPE_ERROR));
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete called with a string URL")
    void stringUrl() {
        Cache cache = withTestEntry();
        assertThat(cache.delete(TEST_URL)).isTrue();
        assertThat(cache.match(TEST_URL)).isEmpty();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete called with a Request object")
    void requestObject() {
        Cache cache = withTestEntry();
        assertThat(cache.delete(CacheRequest.get(TEST_URL), QueryOptions.DEFAULT)).isTrue();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete called with a HEAD request")
    void headRequest() {
        Cache cache = withTestEntry();
        CacheRequest head = new CacheRequest("HEAD", TEST_URL, Headers.empty());
        assertThat(cache.delete(head, QueryOptions.DEFAULT)).isFalse();
        assertThat(cache.match(TEST_URL)).contains(CacheResponse.ok("Hello world!"));
        assertThat(cache.delete(head, QueryOptions.ignoringMethod())).isTrue();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete supports ignoreVary")
    void supportsIgnoreVary() {
        Cache cache = cacheTest();
        cache.put(CacheRequest.get("http://example.com/c", Headers.of("Cookies", "is-for-cookie")),
                CacheResponse.of(200, "", Headers.of("Vary", "Cookies")));
        CacheRequest mismatched = CacheRequest.get("http://example.com/c");
        assertThat(cache.delete(mismatched, QueryOptions.DEFAULT)).isFalse();
        assertThat(cache.delete(mismatched, QueryOptions.ignoringVary())).isTrue();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete with a non-existent entry")
    void nonExistent() {
        assertThat(cacheTest().delete(TEST_URL)).isFalse();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete with ignoreSearch option (request with search parameters)")
    void ignoreSearch() {
        Map<String, Entry> entries = simpleEntries();
        Cache cache = prepopulated(entries);
        CacheRequest withQuery = entries.get("a_with_query").request();
        assertThat(cache.matchAll(withQuery, QueryOptions.ignoringSearch())).isEqualTo(responses(entries, "a", "a_with_query"));
        cache.delete(withQuery, QueryOptions.ignoringSearch());
        assertThat(cache.matchAll(withQuery, QueryOptions.ignoringSearch())).isEmpty();
    }

    @Test
    @DisplayName("WPT cache-delete: Cache.delete with ignoreSearch option (when it is specified as false)")
    void ignoreSearchFalse() {
        Map<String, Entry> entries = simpleEntries();
        Cache cache = prepopulated(entries);
        CacheRequest withQuery = entries.get("a_with_query").request();
        assertThat(cache.matchAll(withQuery, QueryOptions.ignoringSearch())).isEqualTo(responses(entries, "a", "a_with_query"));
        cache.delete(withQuery, QueryOptions.DEFAULT);
        assertThat(cache.matchAll(withQuery, QueryOptions.ignoringSearch())).isEqualTo(responses(entries, "a"));
    }
}
