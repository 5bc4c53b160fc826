package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.MISMATCHED_VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.cacheTest;
import static dev.switchboard.cache.api.wpt.WptSupport.cacheWith;
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
@DisplayName("WPT service-workers/cache-storage/cache-delete.https.any.js")
class CacheDeleteTest {

    private static final String TEST_URL = "https://example.com/foo";

    private static Cache withTestEntry() {
        return cacheWith(CacheRequest.get(TEST_URL), CacheResponse.ok("Hello world!"));
    }

    /** Both ignoreSearch cases: matchAll finds a and a_with_query, then delete(a_with_query, options). */
    private static Cache deletedWithQuery(Map<String, Entry> entries, QueryOptions options) {
        Cache cache = prepopulated(entries);
        CacheRequest withQuery = entries.get("a_with_query").request();
        assertThat(cache.matchAll(withQuery, QueryOptions.ignoringSearch()))
                .isEqualTo(responses(entries, "a", "a_with_query"));
        cache.delete(withQuery, options);
        return cache;
    }

    @Test
    @DisplayName("Cache.delete with no arguments")
    void noArguments() {
        assertThatThrownBy(() -> cacheTest().delete(null, QueryOptions.DEFAULT))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.TYPE_ERROR));
    }

    @Test
    @DisplayName("Cache.delete called with a string URL")
    void stringUrl() {
        Cache cache = withTestEntry();
        assertThat(cache.delete(TEST_URL)).isTrue();
        assertThat(cache.match(TEST_URL)).isEmpty();
    }

    @Test
    @DisplayName("Cache.delete called with a Request object")
    void requestObject() {
        Cache cache = withTestEntry();
        assertThat(cache.delete(CacheRequest.get(TEST_URL), QueryOptions.DEFAULT))
                .isTrue();
    }

    @Test
    @DisplayName("Cache.delete called with a HEAD request")
    void headRequest() {
        Cache cache = withTestEntry();
        CacheRequest head = new CacheRequest("HEAD", TEST_URL, Headers.empty());
        assertThat(cache.delete(head, QueryOptions.DEFAULT)).isFalse();
        assertThat(cache.match(TEST_URL)).contains(CacheResponse.ok("Hello world!"));
        assertThat(cache.delete(head, QueryOptions.ignoringMethod())).isTrue();
    }

    @Test
    @DisplayName("Cache.delete supports ignoreVary")
    void supportsIgnoreVary() {
        Cache cache = cacheWith(VARY_REQUEST, VARY_RESPONSE);
        assertThat(cache.delete(MISMATCHED_VARY_REQUEST, QueryOptions.DEFAULT)).isFalse();
        assertThat(cache.delete(MISMATCHED_VARY_REQUEST, QueryOptions.ignoringVary()))
                .isTrue();
    }

    @Test
    @DisplayName("Cache.delete with a non-existent entry")
    void nonExistent() {
        assertThat(cacheTest().delete(TEST_URL)).isFalse();
    }

    @Test
    @DisplayName("Cache.delete with ignoreSearch option (request with search parameters)")
    void ignoreSearch() {
        Map<String, Entry> entries = simpleEntries();
        Cache cache = deletedWithQuery(entries, QueryOptions.ignoringSearch());
        assertThat(cache.matchAll(entries.get("a_with_query").request(), QueryOptions.ignoringSearch()))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.delete with ignoreSearch option (when it is specified as false)")
    void ignoreSearchFalse() {
        Map<String, Entry> entries = simpleEntries();
        Cache cache = deletedWithQuery(entries, QueryOptions.DEFAULT);
        assertThat(cache.matchAll(entries.get("a_with_query").request(), QueryOptions.ignoringSearch()))
                .isEqualTo(responses(entries, "a"));
    }
}
