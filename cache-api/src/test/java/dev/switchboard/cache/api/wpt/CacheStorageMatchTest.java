package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.freshStorage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;

/** Port of WPT service-workers/cache-storage/cache-storage-match.https.any.js. */
class CacheStorageMatchTest {

    private static final String URL = "http://example.com/foo";

    /** WPT's fixture: three caches, the one in the middle holding the entry. */
    private static CacheStorage manyCaches(CacheResponse response) {
        CacheStorage caches = freshStorage();
        caches.open("x");
        caches.open("y").put(CacheRequest.get(URL), response);
        caches.open("z");
        return caches;
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match with no cache name provided")
    void noCacheName() {
        CacheStorage caches = freshStorage();
        caches.open("cache-storage-match/one").put(URL, CacheResponse.ok("foo"));
        assertThat(caches.match(CacheRequest.get(URL))).contains(CacheResponse.ok("foo"));
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match from one of many caches")
    void fromOneOfMany() {
        assertThat(manyCaches(CacheResponse.ok("y")).match(CacheRequest.get(URL))).contains(CacheResponse.ok("y"));
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match from one of many caches by name")
    void fromOneOfManyByName() {
        CacheStorage caches = manyCaches(CacheResponse.ok("y"));
        assertThat(caches.match(CacheRequest.get(URL), QueryOptions.DEFAULT, "y")).contains(CacheResponse.ok("y"));
        assertThat(caches.match(CacheRequest.get(URL), QueryOptions.DEFAULT, "x")).isEmpty();
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match a string request")
    void stringRequest() {
        assertThat(manyCaches(CacheResponse.ok("y")).match(CacheRequest.get("http://example.com/foo"))).isPresent();
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match a HEAD request")
    void headRequest() {
        CacheStorage caches = manyCaches(CacheResponse.ok("y"));
        assertThat(caches.match(new CacheRequest("HEAD", URL, Headers.empty()))).isEmpty();
        assertThat(caches.match(new CacheRequest("HEAD", URL, Headers.empty()), QueryOptions.ignoringMethod(), null)).isPresent();
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match with no cached entry")
    void noCachedEntry() {
        assertThat(manyCaches(CacheResponse.ok("y")).match(CacheRequest.get("http://example.com/not-cached"))).isEmpty();
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match with no caches available but name provided")
    void noCachesButName() {
        assertThat(freshStorage().match(CacheRequest.get(URL), QueryOptions.DEFAULT, "foo")).isEmpty();
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match with empty cache name provided")
    void emptyCacheName() {
        CacheStorage caches = freshStorage();
        caches.open("").put(URL, CacheResponse.ok("empty name"));
        assertThat(caches.match(CacheRequest.get(URL), QueryOptions.DEFAULT, "")).contains(CacheResponse.ok("empty name"));
    }

    @Test
    @DisplayName("WPT cache-storage-match: CacheStorage.match with unpaired surrogate in cache name")
    void unpairedSurrogateName() {
        CacheStorage caches = freshStorage();
        caches.open("unpaired\uD800").put(URL, CacheResponse.ok("bad"));
        assertThat(caches.match(CacheRequest.get(URL), QueryOptions.DEFAULT, "unpaired\uFFFD")).isEmpty();
        assertThat(caches.match(CacheRequest.get(URL), QueryOptions.DEFAULT, "unpaired\uD800")).contains(CacheResponse.ok("bad"));
    }

    @Test
    @DisplayName("Switchboard (beyond WPT): CacheStorage.match with ignoreSearch")
    void ignoreSearch() {
        CacheStorage caches = manyCaches(CacheResponse.ok("y"));
        assertThat(caches.match(CacheRequest.get(URL + "?q=1"))).isEmpty();
        assertThat(caches.match(CacheRequest.get(URL + "?q=1"), QueryOptions.ignoringSearch(), null)).contains(CacheResponse.ok("y"));
    }

    @Test
    @DisplayName("Switchboard (beyond WPT): CacheStorage.match does not search a deleted cache")
    void deletedCacheIsNotSearched() {
        CacheStorage caches = manyCaches(CacheResponse.ok("y"));
        caches.delete("y");
        assertThat(caches.match(CacheRequest.get(URL))).isEmpty();
    }
}
