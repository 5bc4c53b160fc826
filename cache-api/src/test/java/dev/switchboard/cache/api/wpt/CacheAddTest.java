package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.cacheTest;
import static dev.switchboard.cache.api.wpt.WptSupport.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;
import dev.switchboard.cache.api.TestUpstream;

/** Port of WPT service-workers/cache-storage/cache-add.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-add.https.any.js")
class CacheAddTest {

    private static void assertRejects(CacheException.Kind kind, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CacheException.class, e -> assertThat(e.kind())
                .isEqualTo(kind));
    }

    @Test
    @DisplayName("Cache.add called with no arguments")
    void noArguments() {
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cacheTest().add((CacheRequest) null));
    }

    @Test
    @DisplayName("Cache.add called with relative URL specified as a string")
    void relativeString() {
        Cache cache = cacheTest();
        cache.add("resources/simple.txt");
        assertThat(cache.match(upstream("/resources/simple.txt")).orElseThrow().text())
                .isEqualTo(TestUpstream.SIMPLE_TEXT);
    }

    @Test
    @DisplayName("Cache.add called with non-HTTP/HTTPS URL")
    void nonHttp() {
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cacheTest().add("javascript://this-is-not-http-mmkay"));
    }

    @Test
    @DisplayName("Cache.add called with Request object")
    void requestObject() {
        Cache cache = cacheTest();
        cache.add(CacheRequest.get("resources/simple.txt"));
        assertThat(cache.keys()).extracting(CacheRequest::url).containsExactly(upstream("/resources/simple.txt"));
    }

    @Test
    @DisplayName("Cache.add called with POST request")
    void postRequest() {
        Cache cache = cacheTest();
        assertRejects(
                CacheException.Kind.TYPE_ERROR,
                () -> cache.add(new CacheRequest("POST", "resources/simple.txt", Headers.empty())));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.add called twice with the same Request object")
    void addedTwice() {
        Cache cache = cacheTest();
        CacheRequest request = CacheRequest.get("resources/simple.txt");
        cache.add(request);
        cache.add(request);
        assertThat(cache.keys()).hasSize(1);
    }

    @Test
    @DisplayName("Cache.add with request that results in a status of 404")
    void status404() {
        Cache cache = cacheTest();
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cache.add("this-does-not-exist-please-dont-create-it"));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.add with request that results in a status of 500")
    void status500() {
        Cache cache = cacheTest();
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cache.add("resources/fetch-status?status=500"));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll with no arguments")
    void addAllNoArguments() {
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cacheTest().addAll(null));
    }

    @Test
    @DisplayName("Cache.addAll with a mix of valid and undefined arguments")
    void addAllWithUndefined() {
        Cache cache = cacheTest();
        assertRejects(
                CacheException.Kind.TYPE_ERROR,
                () -> cache.addAll(Arrays.asList(
                        CacheRequest.get("resources/simple.txt"), null, CacheRequest.get("resources/blank.html"))));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll with an empty array")
    void addAllEmpty() {
        Cache cache = cacheTest();
        cache.addAll(List.of());
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll with string URL arguments")
    void addAllStrings() {
        Cache cache = cacheTest();
        cache.addAll(List.of(
                CacheRequest.get("resources/simple.txt"),
                CacheRequest.get("resources/fetch-status?status=200"),
                CacheRequest.get("resources/blank.html")));
        assertThat(cache.keys())
                .extracting(CacheRequest::url)
                .containsExactly(
                        upstream("/resources/simple.txt"),
                        upstream("/resources/fetch-status?status=200"),
                        upstream("/resources/blank.html"));
    }

    @Test
    @DisplayName("Cache.addAll with Request arguments")
    void addAllRequests() {
        Cache cache = cacheTest();
        cache.addAll(List.of(
                CacheRequest.get(upstream("/resources/simple.txt")),
                CacheRequest.get(upstream("/resources/blank.html"))));
        assertThat(cache.match("resources/simple.txt").orElseThrow().text()).isEqualTo(TestUpstream.SIMPLE_TEXT);
        assertThat(cache.match("resources/blank.html").orElseThrow().headers().get("Content-Type"))
                .isEqualTo("text/html");
    }

    @Test
    @DisplayName("Cache.addAll with a mix of succeeding and failing requests")
    void addAllAllOrNothing() {
        Cache cache = cacheTest();
        assertRejects(
                CacheException.Kind.TYPE_ERROR,
                () -> cache.addAll(List.of(
                        CacheRequest.get("resources/simple.txt"),
                        CacheRequest.get("this-resource-should-not-exist"),
                        CacheRequest.get("resources/blank.html"))));
        assertThat(cache.keys()).isEmpty();
        assertThat(cache.matchAll()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll called with the same Request object specified twice")
    void addAllDuplicate() {
        Cache cache = cacheTest();
        CacheRequest request = CacheRequest.get("resources/simple.txt");
        assertRejects(CacheException.Kind.INVALID_STATE, () -> cache.addAll(List.of(request, request)));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll should succeed when entries differ by vary header")
    void addAllDifferByVary() {
        Cache cache = cacheTest();
        String url = "resources/vary?vary=x-shape";
        cache.addAll(List.of(
                CacheRequest.get(url, Headers.of("x-shape", "circle")),
                CacheRequest.get(url, Headers.of("x-shape", "square"))));
        assertThat(cache.keys()).hasSize(2);
    }

    @Test
    @DisplayName("Cache.addAll should reject when entries are duplicate by vary header")
    void addAllDuplicateByVary() {
        Cache cache = cacheTest();
        String url = "resources/vary?vary=x-shape";
        assertRejects(
                CacheException.Kind.INVALID_STATE,
                () -> cache.addAll(List.of(
                        CacheRequest.get(url, Headers.of("x-shape", "circle")),
                        CacheRequest.get(url, Headers.of("x-shape", "circle")))));
        assertThat(cache.keys()).isEmpty();
    }

    /**
     * WPT's {@code create_asymmetric_vary_requests}: one URL whose response varies on {@code x-shape} for
     * {@code shape} (its cookie overrides the query) and on {@code x-size} for {@code size}. The browser test sets
     * the cookie in the jar and sends it with {@code credentials: 'same-origin'}; here the request carries it.
     */
    private record AsymmetricVary(CacheRequest shape, CacheRequest size) {

        static AsymmetricVary requests() {
            String url = "resources/vary?vary=x-size";
            return new AsymmetricVary(
                    CacheRequest.get(
                            url,
                            Headers.of(
                                    "x-shape",
                                    "circle",
                                    "x-size",
                                    "big",
                                    "Cookie",
                                    TestUpstream.VARY_OVERRIDE_COOKIE + "=x-shape")),
                    CacheRequest.get(url, Headers.of("x-shape", "square", "x-size", "big")));
        }
    }

    @Test
    @DisplayName("Cache.addAll should succeed when an entry matches an earlier entry only under its own vary header")
    void addAllAsymmetricVaryLaterEntry() {
        Cache cache = cacheTest();
        AsymmetricVary requests = AsymmetricVary.requests();
        cache.addAll(List.of(requests.shape(), requests.size()));
        assertThat(cache.matchAll(CacheRequest.get("resources/vary?vary=x-size"), QueryOptions.ignoringVary()))
                .extracting(response -> response.headers().get("Vary"))
                .containsExactly("x-shape", "x-size");
    }

    @Test
    @DisplayName(
            "Cache.addAll should reject when an entry matches an earlier entry under the earlier entry's vary header")
    void addAllAsymmetricVaryEarlierEntry() {
        Cache cache = cacheTest();
        AsymmetricVary requests = AsymmetricVary.requests();
        assertRejects(
                CacheException.Kind.INVALID_STATE, () -> cache.addAll(List.of(requests.size(), requests.shape())));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.add with 206 response")
    void add206() {
        Cache cache = cacheTest();
        assertRejects(CacheException.Kind.TYPE_ERROR, () -> cache.add("resources/fetch-status?status=206"));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll with 206 response")
    void addAll206() {
        Cache cache = cacheTest();
        assertRejects(
                CacheException.Kind.TYPE_ERROR,
                () -> cache.addAll(List.of(
                        CacheRequest.get("resources/fetch-status?status=206"),
                        CacheRequest.get("resources/fetch-status?status=200"))));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.addAll should reject when entries differ only by fragment")
    void addAllDifferOnlyByFragment() {
        Cache cache = cacheTest();
        assertRejects(
                CacheException.Kind.INVALID_STATE,
                () -> cache.addAll(List.of(
                        CacheRequest.get("resources/simple.txt#one"), CacheRequest.get("resources/simple.txt#two"))));
        assertThat(cache.keys()).isEmpty();
    }
}
