package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.MISMATCHED_VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.cacheWith;
import static dev.switchboard.cache.api.wpt.WptSupport.prepopulated;
import static dev.switchboard.cache.api.wpt.WptSupport.responses;
import static dev.switchboard.cache.api.wpt.WptSupport.simpleEntries;
import static dev.switchboard.cache.api.wpt.WptSupport.varyEntries;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;
import dev.switchboard.cache.api.wpt.WptSupport.Entry;

/** Port of WPT service-workers/cache-storage/cache-matchAll.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-matchAll.https.any.js")
class CacheMatchAllTest {

    @Test
    @DisplayName("Cache.matchAll with no matching entries")
    void noMatchingEntries() {
        assertThat(prepopulated(simpleEntries())
                        .matchAll(CacheRequest.get("not-present-in-the-cache"), QueryOptions.DEFAULT))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.matchAll with URL")
    void withUrl() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries)
                        .matchAll(CacheRequest.get(entries.get("a").request().url()), QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "a"));
    }

    @Test
    @DisplayName("Cache.matchAll with Request")
    void withRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll(entries.get("a").request(), QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "a"));
    }

    @Test
    @DisplayName("Cache.matchAll with new Request")
    void withNewRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries)
                        .matchAll(
                                new CacheRequest(
                                        "GET", entries.get("a").request().url(), null),
                                QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "a"));
    }

    @Test
    @DisplayName("Cache.matchAll with HEAD")
    void withHead() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries)
                        .matchAll(entries.get("a").request().withMethod("HEAD"), QueryOptions.ignoringSearch()))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.matchAll with ignoreSearch option (request with no search parameters)")
    void ignoreSearchWithoutSearch() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll(entries.get("a").request(), QueryOptions.ignoringSearch()))
                .isEqualTo(responses(entries, "a", "a_with_query"));
    }

    @Test
    @DisplayName("Cache.matchAll with ignoreSearch option (request with search parameters)")
    void ignoreSearchWithSearch() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll(entries.get("a_with_query").request(), QueryOptions.ignoringSearch()))
                .isEqualTo(responses(entries, "a", "a_with_query"));
    }

    @Test
    @DisplayName("Cache.matchAll supports ignoreMethod")
    void supportsIgnoreMethod() {
        Cache cache = cacheWith(METHOD_REQUEST, METHOD_RESPONSE);
        CacheRequest head = METHOD_REQUEST.withMethod("HEAD");
        assertThat(cache.matchAll(head, QueryOptions.DEFAULT)).isEmpty();
        assertThat(cache.matchAll(head, QueryOptions.ignoringMethod())).containsExactly(METHOD_RESPONSE);
    }

    @Test
    @DisplayName("Cache.matchAll supports ignoreVary")
    void supportsIgnoreVary() {
        Cache cache = cacheWith(VARY_REQUEST, VARY_RESPONSE);
        assertThat(cache.matchAll(MISMATCHED_VARY_REQUEST, QueryOptions.DEFAULT))
                .isEmpty();
        assertThat(cache.matchAll(MISMATCHED_VARY_REQUEST, QueryOptions.ignoringVary()))
                .containsExactly(VARY_RESPONSE);
    }

    @Test
    @DisplayName("Cache.matchAll with URL containing fragment")
    void urlWithFragment() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries)
                        .matchAll(
                                CacheRequest.get(entries.get("cat").request().url() + "#mouse"), QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "cat"));
    }

    @Test
    @DisplayName("Cache.matchAll with string fragment \"http\" as query")
    void httpAsQuery() {
        assertThat(prepopulated(simpleEntries()).matchAll(CacheRequest.get("http"), QueryOptions.DEFAULT))
                .isEmpty();
    }

    @Test
    @DisplayName("Cache.matchAll without parameters")
    void withoutParameters() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll())
                .isEqualTo(entries.values().stream().map(Entry::response).toList());
    }

    @Test
    @DisplayName("Cache.matchAll with explicitly undefined request")
    void undefinedRequest() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll(null, QueryOptions.DEFAULT))
                .isEqualTo(entries.values().stream().map(Entry::response).toList());
    }

    @Test
    @DisplayName("Cache.matchAll with explicitly undefined request and empty options")
    void undefinedRequestEmptyOptions() {
        Map<String, Entry> entries = simpleEntries();
        assertThat(prepopulated(entries).matchAll(null, new QueryOptions(false, false, false)))
                .isEqualTo(entries.values().stream().map(Entry::response).toList());
    }

    @Test
    @DisplayName("Cache.matchAll with responses containing \"Vary\" header")
    void varyHonoured() {
        Map<String, Entry> entries = varyEntries();
        Cache cache = prepopulated(entries);
        assertThat(cache.matchAll(CacheRequest.get("http://example.com/c"), QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "vary_cookie_absent"));
        assertThat(cache.matchAll(
                        CacheRequest.get("http://example.com/c", Headers.of("Cookies", "none-of-the-above")),
                        QueryOptions.DEFAULT))
                .isEmpty();
        assertThat(cache.matchAll(
                        CacheRequest.get("http://example.com/c", Headers.of("Cookies", "is-for-cookie")),
                        QueryOptions.DEFAULT))
                .isEqualTo(responses(entries, "vary_cookie_is_cookie"));
    }

    @Test
    @DisplayName("Cache.matchAll with multiple vary pairs")
    void multipleVaryPairs() {
        Map<String, Entry> entries = varyEntries();
        List<CacheResponse> all =
                prepopulated(entries).matchAll(CacheRequest.get("http://example.com/c"), QueryOptions.ignoringVary());
        assertThat(all)
                .isEqualTo(responses(entries, "vary_cookie_is_cookie", "vary_cookie_is_good", "vary_cookie_absent"));
    }
}
