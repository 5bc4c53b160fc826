package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.cacheTest;
import static dev.switchboard.cache.api.wpt.WptSupport.fetch;
import static dev.switchboard.cache.api.wpt.WptSupport.upstream;
import static dev.switchboard.cache.api.wpt.WptSupport.upstreamStorage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.TestUpstream;

/** Port of WPT service-workers/cache-storage/cache-put.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-put.https.any.js")
class CachePutTest {

    private static final String TEST_URL = "https://example.com/foo";
    private static final String TEST_BODY = "Hello world!";

    private static void assertTypeError(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(CacheException.class, e -> assertThat(e.kind())
                .isEqualTo(CacheException.Kind.TYPE_ERROR));
    }

    @Test
    @DisplayName("Cache.put called with simple Request and Response")
    void simple() {
        Cache cache = cacheTest();
        cache.put(CacheRequest.get(TEST_URL), CacheResponse.ok(TEST_BODY));
        assertThat(cache.match(TEST_URL)).contains(CacheResponse.ok(TEST_BODY));
    }

    @Test
    @DisplayName("Cache.put called with Request and Response from fetch()")
    void fromFetch() {
        Cache cache = cacheTest();
        String url = upstream("/resources/simple.txt");
        CacheResponse response = fetch(url);
        cache.put(CacheRequest.get(url), response);
        CacheResponse found = cache.match(url).orElseThrow();
        assertThat(found).isEqualTo(response);
        assertThat(found.text()).isEqualTo(TestUpstream.SIMPLE_TEXT);
    }

    @Test
    @DisplayName("Cache.put with Response without a body")
    void responseWithoutBody() {
        Cache cache = cacheTest();
        cache.put(CacheRequest.get(TEST_URL), new CacheResponse(200, "", Headers.empty(), null, null));
        assertThat(cache.match(TEST_URL).orElseThrow().body()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put with a Response containing an empty URL")
    void emptyResponseUrl() {
        Cache cache = cacheTest();
        CacheResponse response = CacheResponse.ok(TEST_BODY);
        cache.put(CacheRequest.get(TEST_URL), response);
        assertThat(cache.match(TEST_URL).orElseThrow().url()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put with an empty response body")
    void emptyBody() {
        Cache cache = cacheTest();
        cache.put(CacheRequest.get(TEST_URL), CacheResponse.of(200, "", Headers.of("Content-Type", "text/plain")));
        CacheResponse found = cache.match(TEST_URL).orElseThrow();
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.headers().get("Content-Type")).isEqualTo("text/plain");
        assertThat(found.text()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put with synthetic 206 response")
    void partialResponse() {
        Cache cache = cacheTest();
        assertTypeError(() -> cache.put(
                CacheRequest.get(TEST_URL), CacheResponse.of(206, "", Headers.of("Content-Type", "text/plain"))));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put with HTTP 206 response")
    void partialResponseFromTheNetwork() {
        Cache cache = cacheTest();
        String url = upstream("/resources/fetch-status?status=206");
        CacheResponse response = fetch(url);
        assertThat(response.status()).as("the test upstream answers 206").isEqualTo(206);
        assertTypeError(() -> cache.put(CacheRequest.get(url), response));
        assertThat(cache.keys()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put with HTTP 500 response")
    void serverError() {
        Cache cache = cacheTest();
        String url = upstream("/resources/fetch-status?status=500");
        CacheResponse response = fetch(url);
        assertThat(response.status()).isEqualTo(500);
        cache.put(CacheRequest.get(url), response);
        CacheResponse found = cache.match(url).orElseThrow();
        assertThat(found).isEqualTo(response);
        assertThat(found.text()).isEmpty();
    }

    @Test
    @DisplayName("Cache.put called twice with matching Requests and different Responses")
    void putTwice() {
        Cache cache = cacheTest();
        cache.put(
                CacheRequest.get(TEST_URL),
                new CacheResponse(200, "Old status", Headers.empty(), "Old body".getBytes(StandardCharsets.UTF_8), ""));
        CacheResponse alternate =
                new CacheResponse(200, "New status", Headers.empty(), "New body".getBytes(StandardCharsets.UTF_8), "");
        cache.put(CacheRequest.get(TEST_URL), alternate);
        assertThat(cache.match(TEST_URL)).contains(alternate);
        assertThat(cache.keys()).hasSize(1);
    }

    @Test
    @DisplayName("Cache.put called twice with request URLs that differ only by a fragment")
    void putTwiceDifferentFragment() {
        Cache cache = cacheTest();
        cache.put(
                CacheRequest.get(TEST_URL),
                new CacheResponse(200, "Old status", Headers.empty(), "Old body".getBytes(StandardCharsets.UTF_8), ""));
        CacheResponse alternate =
                new CacheResponse(200, "New status", Headers.empty(), "New body".getBytes(StandardCharsets.UTF_8), "");
        cache.put(CacheRequest.get(TEST_URL + "#(O_o)"), alternate);
        assertThat(cache.match(TEST_URL)).contains(alternate);
        assertThat(cache.match(TEST_URL).orElseThrow().text()).isEqualTo("New body");
    }

    @Test
    @DisplayName("Cache.put with a string request")
    void stringRequest() {
        Cache cache = cacheTest();
        cache.put("http://example.com/foo", CacheResponse.ok("some body"));
        assertThat(cache.match("http://example.com/foo").orElseThrow().text()).isEqualTo("some body");
    }

    /**
     * Upstream passes the string {@code 'Hello world!'} as the response and expects a TypeError from the binding.
     * In Java that call does not compile: every {@code put} takes a {@link CacheResponse} (a final record), which is
     * what this checks; a null response is the case below.
     */
    @Test
    @DisplayName("Cache.put with an invalid response")
    void invalidResponse() {
        assertThat(Arrays.stream(Cache.class.getMethods())
                        .filter(method -> method.getName().equals("put")))
                .isNotEmpty()
                .allSatisfy(put -> assertThat(put.getParameterTypes()).endsWith(CacheResponse.class));
        assertThat(CacheResponse.class.isRecord()).isTrue();
    }

    @Test
    @DisplayName("Cache.put with a non-HTTP/HTTPS request")
    void nonHttp() {
        assertTypeError(() -> cacheTest().put(CacheRequest.get("file:///etc/passwd"), CacheResponse.ok(TEST_BODY)));
    }

    @Test
    @DisplayName("Cache.put with a relative URL")
    void relativeUrl() {
        Cache cache = cacheTest();
        CacheResponse response = CacheResponse.ok(TEST_BODY);
        cache.put(CacheRequest.get("relative-url"), response);
        assertThat(cache.match(upstreamStorage().origin() + "/relative-url")).contains(response);
    }

    @Test
    @DisplayName("Cache.put with a non-GET request")
    void nonGet() {
        assertTypeError(() -> cacheTest()
                .put(new CacheRequest("HEAD", "http://example.com/foo", Headers.empty()), CacheResponse.ok(TEST_BODY)));
    }

    @Test
    @DisplayName("Cache.put with a null response")
    void nullResponse() {
        assertTypeError(() -> cacheTest().put(CacheRequest.get(TEST_URL), null));
    }

    @Test
    @DisplayName("Cache.put with a POST request")
    void post() {
        assertTypeError(() ->
                cacheTest().put(new CacheRequest("POST", TEST_URL, Headers.empty()), CacheResponse.ok(TEST_BODY)));
    }

    @Test
    @DisplayName("Cache.put with a VARY:* Response")
    void varyStar() {
        assertTypeError(() ->
                cacheTest().put(CacheRequest.get(TEST_URL), CacheResponse.of(200, TEST_BODY, Headers.of("VARY", "*"))));
    }

    @Test
    @DisplayName("Cache.put with an embedded VARY:* Response")
    void embeddedVaryStar() {
        assertTypeError(() -> cacheTest()
                .put(
                        CacheRequest.get(TEST_URL),
                        CacheResponse.of(200, TEST_BODY, Headers.of("VARY", "Accept-Language,*"))));
    }

    @Test
    @DisplayName("Cache.put should store Response.redirect() correctly")
    void redirect() {
        Cache cache = cacheTest();
        String redirectUrl = "http://example.com/foo-bar.html";
        // Response.redirect(url): 302, an empty body and the URL in Location.
        CacheResponse redirectResponse = CacheResponse.of(302, "", Headers.of("Location", redirectUrl));
        cache.put("foo.html", redirectResponse);
        CacheResponse found = cache.match("foo.html").orElseThrow();
        assertThat(found).isEqualTo(redirectResponse);
        assertThat(found.headers().get("Location")).isEqualTo(redirectUrl);
    }

    /** A Blob body is bytes: here the response is built from bytes rather than from a string. */
    @Test
    @DisplayName("Cache.put called with simple Request and blob Response")
    void blobResponse() {
        Cache cache = cacheTest();
        CacheRequest request = CacheRequest.get(TEST_URL);
        cache.put(request, new CacheResponse(200, "", Headers.empty(), TEST_BODY.getBytes(StandardCharsets.UTF_8), ""));
        assertThat(cache.match(request).orElseThrow().text()).isEqualTo(TEST_BODY);
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: Cache.put rejects a status no Response can have")
    void impossibleStatus() {
        Cache cache = cacheTest();
        assertTypeError(() -> cache.put(TEST_URL, CacheResponse.of(101, "", Headers.empty())));
        assertTypeError(() -> cache.put(TEST_URL, CacheResponse.of(600, "", Headers.empty())));
        assertThat(cache.keys()).isEmpty();
    }
}
