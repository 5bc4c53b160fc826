package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.MISMATCHED_VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.assertRequests;
import static dev.switchboard.cache.api.wpt.WptSupport.cacheTest;
import static dev.switchboard.cache.api.wpt.WptSupport.cacheWith;
import static dev.switchboard.cache.api.wpt.WptSupport.prepopulated;
import static dev.switchboard.cache.api.wpt.WptSupport.requests;
import static dev.switchboard.cache.api.wpt.WptSupport.simpleEntries;
import static dev.switchboard.cache.api.wpt.WptSupport.varyEntries;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.QueryOptions;
import dev.switchboard.cache.api.wpt.WptSupport.Entry;

/** Port of WPT service-workers/cache-storage/cache-keys.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-keys.https.any.js")
class CacheKeysTest {

    private static List<CacheRequest> all(Map<String, Entry> entries) {
        return entries.values().stream().map(Entry::request).toList();
    }

    @Test
    @DisplayName("Cache.keys() called on an empty cache")
    void emptyCache() {
        assertThat(cacheTest().keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.keys with no matching entries")
    void noMatchingEntries() {
        assertThat(prepopulated(simpleEntries())
                        .keys(CacheRequest.get("not-present-in-the-cache"), QueryOptions.DEFAULT))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.keys with URL")
    void withUrl() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries)
                        .keys(CacheRequest.get(entries.get("a").request().url()), QueryOptions.DEFAULT),
                requests(entries, "a"));
    }

    @Test
    @DisplayName("Cache.keys with Request")
    void withRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries).keys(entries.get("a").request(), QueryOptions.DEFAULT), requests(entries, "a"));
    }

    @Test
    @DisplayName("Cache.keys with new Request")
    void withNewRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries)
                        .keys(new CacheRequest("GET", entries.get("a").request().url(), null), QueryOptions.DEFAULT),
                requests(entries, "a"));
    }

    @Test
    @DisplayName("Cache.keys with ignoreSearch option (request with no search parameters)")
    void ignoreSearchWithoutSearch() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries).keys(entries.get("a").request(), QueryOptions.ignoringSearch()),
                requests(entries, "a", "a_with_query"));
    }

    @Test
    @DisplayName("Cache.keys with ignoreSearch option (request with search parameters)")
    void ignoreSearchWithSearch() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries).keys(entries.get("a_with_query").request(), QueryOptions.ignoringSearch()),
                requests(entries, "a", "a_with_query"));
    }

    @Test
    @DisplayName("Cache.keys supports ignoreMethod")
    void supportsIgnoreMethod() {
        Cache cache = cacheWith(METHOD_REQUEST, METHOD_RESPONSE);
        CacheRequest head = METHOD_REQUEST.withMethod("HEAD");
        assertThat(cache.keys(head, QueryOptions.DEFAULT)).isEmpty();
        assertRequests(cache.keys(head, QueryOptions.ignoringMethod()), List.of(METHOD_REQUEST));
    }

    @Test
    @DisplayName("Cache.keys supports ignoreVary")
    void supportsIgnoreVary() {
        Cache cache = cacheWith(VARY_REQUEST, VARY_RESPONSE);
        assertThat(cache.keys(MISMATCHED_VARY_REQUEST, QueryOptions.DEFAULT)).isEmpty();
        assertRequests(cache.keys(MISMATCHED_VARY_REQUEST, QueryOptions.ignoringVary()), List.of(VARY_REQUEST));
    }

    @Test
    @DisplayName("Cache.keys with URL containing fragment")
    void urlWithFragment() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(
                prepopulated(entries)
                        .keys(CacheRequest.get(entries.get("cat").request().url() + "#mouse"), QueryOptions.DEFAULT),
                requests(entries, "cat"));
    }

    @Test
    @DisplayName("Cache.keys with string fragment \"http\" as query")
    void httpAsQuery() {
        assertThat(prepopulated(simpleEntries()).keys(CacheRequest.get("http"), QueryOptions.DEFAULT))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.keys without parameters")
    void withoutParameters() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(prepopulated(entries).keys(), all(entries));
    }

    @Test
    @DisplayName("Cache.keys with explicitly undefined request")
    void undefinedRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertRequests(prepopulated(entries).keys(null, QueryOptions.DEFAULT), all(entries));
    }

    @Test
    @DisplayName("Cache.keys with explicitly undefined request and empty options")
    void undefinedRequestEmptyOptions() {
        assertThat(cacheTest().keys(null, new QueryOptions(false, false, false)))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.keys without parameters and VARY entries")
    void varyEntriesInOrder() {
        Map<String, Entry> entries = varyEntries();
        assertRequests(
                prepopulated(entries).keys(),
                requests(entries, "vary_cookie_is_cookie", "vary_cookie_is_good", "vary_cookie_absent"));
    }

    @Test
    @DisplayName("Cache.keys with a HEAD Request")
    void headRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).keys(entries.get("cat").request().withMethod("HEAD"), QueryOptions.DEFAULT))
                .isEmpty();
    }
}
