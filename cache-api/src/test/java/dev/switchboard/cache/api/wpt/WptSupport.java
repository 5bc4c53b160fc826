package dev.switchboard.cache.api.wpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.TestGrid;
import dev.switchboard.cache.api.TestUpstream;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;

/**
 * What WPT's {@code resources/test-helpers.js} gives the cache-storage tests, on the real infrastructure of
 * {@link TestGrid}. Every test works in an origin or a cache of its own.
 */
final class WptSupport {

    /** One request/response pair of WPT's {@code simple_entries} or {@code vary_entries}. */
    record Entry(CacheRequest request, CacheResponse response) {}

    static final TestUpstream UPSTREAM = TestGrid.UPSTREAM;
    static final HazelcastCacheStorages CACHES = new HazelcastCacheStorages(
            TestGrid.CLIENT,
            CacheLimits.DEFAULTS,
            TestGrid.upstream(CacheLimits.DEFAULTS.maxBodyBytes()),
            CacheListener.NONE);

    private WptSupport() {}

    /** A CacheStorage of a fresh origin of its own (no upstream behind it). */
    static CacheStorage freshStorage() {
        return CACHES.forOrigin(TestGrid.freshOrigin());
    }

    /** WPT's {@code cache_test}: a new, empty cache in the upstream's origin. */
    static Cache cacheTest() {
        return upstreamStorage().open("cache-test/" + UUID.randomUUID());
    }

    /** The storage of the upstream's own origin; tests using it name their caches uniquely. */
    static CacheStorage upstreamStorage() {
        return CACHES.forOrigin(UPSTREAM.origin());
    }

    /** An absolute URL on the test upstream. */
    static String upstream(String path) {
        return UPSTREAM.origin() + path;
    }

    /** WPT's {@code prepopulated_cache_test}: a new cache holding {@code entries}, put in order. */
    static Cache prepopulated(Map<String, Entry> entries) {
        Cache cache = cacheTest();
        entries.values().forEach(entry -> cache.put(entry.request(), entry.response()));
        return cache;
    }

    /** {@code fetch(url)} against the upstream, as the WPT tests fetch their resources. */
    static CacheResponse fetch(String url) {
        return TestGrid.upstream(1 << 20).fetch(CacheRequest.get(url));
    }

    /** The "supports ignoreVary" fixture: a request with {@code Cookies}, its response varying on it. */
    static final CacheRequest VARY_REQUEST =
            CacheRequest.get("http://example.com/c", Headers.of("Cookies", "is-for-cookie"));

    static final CacheResponse VARY_RESPONSE = CacheResponse.of(200, "", Headers.of("Vary", "Cookies"));
    /** The same URL without the header the response varies on. */
    static final CacheRequest MISMATCHED_VARY_REQUEST = CacheRequest.get("http://example.com/c");

    /** The "supports ignoreMethod" fixture: a GET of http://example.com/ answered "foo". */
    static final CacheRequest METHOD_REQUEST = CacheRequest.get("http://example.com/");

    static final CacheResponse METHOD_RESPONSE = CacheResponse.ok("foo");

    static Cache cacheWith(CacheRequest request, CacheResponse response) {
        Cache cache = cacheTest();
        cache.put(request, response);
        return cache;
    }

    static CacheResponse empty200() {
        return new CacheResponse(200, "", Headers.empty(), new byte[0], "");
    }

    /** WPT's {@code simple_entries}, in its order. */
    static Map<String, Entry> simpleEntries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put("a", new Entry(CacheRequest.get("http://example.com/a"), empty200()));
        entries.put("b", new Entry(CacheRequest.get("http://example.com/b"), empty200()));
        entries.put("a_with_query", new Entry(CacheRequest.get("http://example.com/a?q=r"), empty200()));
        entries.put("A", new Entry(CacheRequest.get("http://example.com/A"), empty200()));
        entries.put("a_https", new Entry(CacheRequest.get("https://example.com/a"), empty200()));
        entries.put("a_org", new Entry(CacheRequest.get("http://example.org/a"), empty200()));
        entries.put("cat", new Entry(CacheRequest.get("http://example.com/cat"), empty200()));
        entries.put("catmandu", new Entry(CacheRequest.get("http://example.com/catmandu"), empty200()));
        entries.put("cat_num_lives", new Entry(CacheRequest.get("http://example.com/cat?lives=9"), empty200()));
        entries.put("cat_in_the_hat", new Entry(CacheRequest.get("http://example.com/cat/in/the/hat"), empty200()));
        entries.put(
                "non_2xx_response",
                new Entry(
                        CacheRequest.get("http://example.com/non2xx"),
                        new CacheResponse(404, "nope", Headers.empty(), new byte[0], "")));
        entries.put("error_response", new Entry(CacheRequest.get("http://example.com/error"), CacheResponse.error()));
        return entries;
    }

    /** WPT's {@code vary_entries}, in its order. */
    static Map<String, Entry> varyEntries() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        CacheResponse varyCookies = new CacheResponse(200, "", Headers.of("Vary", "Cookies"), new byte[0], "");
        entries.put(
                "vary_cookie_is_cookie",
                new Entry(
                        CacheRequest.get("http://example.com/c", Headers.of("Cookies", "is-for-cookie")), varyCookies));
        entries.put(
                "vary_cookie_is_good",
                new Entry(
                        CacheRequest.get("http://example.com/c", Headers.of("Cookies", "is-good-enough-for-me")),
                        varyCookies));
        entries.put("vary_cookie_absent", new Entry(CacheRequest.get("http://example.com/c"), varyCookies));
        return entries;
    }

    static List<CacheResponse> responses(Map<String, Entry> entries, String... names) {
        return java.util.Arrays.stream(names)
                .map(name -> entries.get(name).response())
                .toList();
    }

    static List<CacheRequest> requests(Map<String, Entry> entries, String... names) {
        return java.util.Arrays.stream(names)
                .map(name -> entries.get(name).request())
                .toList();
    }

    /** WPT's {@code assert_request_array_equals}: same URLs (and here headers), same order. */
    static void assertRequests(List<CacheRequest> actual, List<CacheRequest> expected) {
        assertThat(actual)
                .extracting(CacheRequest::url)
                .containsExactlyElementsOf(
                        expected.stream().map(CacheRequest::url).toList());
        assertThat(actual)
                .extracting(CacheRequest::headers)
                .containsExactlyElementsOf(
                        expected.stream().map(CacheRequest::headers).toList());
    }
}
