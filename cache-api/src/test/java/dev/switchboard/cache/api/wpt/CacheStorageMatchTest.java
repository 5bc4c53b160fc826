package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.METHOD_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.MISMATCHED_VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_REQUEST;
import static dev.switchboard.cache.api.wpt.WptSupport.VARY_RESPONSE;
import static dev.switchboard.cache.api.wpt.WptSupport.freshStorage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.QueryOptions;

/**
 * Port of WPT service-workers/cache-storage/cache-storage-match.https.any.js. Each test has an origin of its own,
 * so {@code self.caches} is {@link #caches} and {@code cache_test}'s cache is {@link #cache}, opened in it.
 */
@DisplayName("WPT service-workers/cache-storage/cache-storage-match.https.any.js")
class CacheStorageMatchTest {

    private static final AtomicInteger NEXT_INDEX = new AtomicInteger(1);

    private final CacheStorage caches = freshStorage();
    private final Cache cache = caches.open("cache_test");

    /** WPT's {@code create_unique_transaction}: a request for a URL of its own and a response "hello". */
    private record Transaction(CacheRequest request, CacheResponse response, String url) {

        static Transaction unique() {
            String url = "http://example.com/" + NEXT_INDEX.getAndIncrement();
            return new Transaction(CacheRequest.get(url), CacheResponse.ok("hello"), url);
        }
    }

    @Test
    @DisplayName("CacheStorageMatch with no cache name provided")
    void noCacheName() {
        Transaction transaction = Transaction.unique();
        cache.put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request())).contains(transaction.response());
    }

    @Test
    @DisplayName("CacheStorageMatch from one of many caches")
    void fromOneOfMany() {
        Transaction transaction = Transaction.unique();
        cache.put(transaction.request(), transaction.response());
        for (String name : new String[] {"a", "b", "c"}) {
            caches.open(name);
        }
        assertThat(caches.match(transaction.request())).contains(transaction.response());
    }

    @Test
    @DisplayName("CacheStorageMatch from one of many caches by name")
    void fromOneOfManyByName() {
        Transaction transaction = Transaction.unique();
        for (String name : new String[] {"x", "y", "z"}) {
            caches.open(name);
        }
        caches.open("x").put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, "x"))
                .contains(transaction.response());
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, "y"))
                .isEmpty();
    }

    @Test
    @DisplayName("CacheStorageMatch a string request")
    void stringRequest() {
        Transaction transaction = Transaction.unique();
        cache.put(transaction.url(), transaction.response());
        assertThat(caches.match(transaction.request())).contains(transaction.response());
    }

    @Test
    @DisplayName("CacheStorageMatch a HEAD request")
    void headRequest() {
        Transaction transaction = Transaction.unique();
        cache.put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request().withMethod("HEAD"))).isEmpty();
    }

    @Test
    @DisplayName("CacheStorageMatch with no cached entry")
    void noCachedEntry() {
        assertThat(caches.match(Transaction.unique().request())).isEmpty();
    }

    @Test
    @DisplayName("CacheStorageMatch with no caches available but name provided")
    void noCachesButName() {
        Transaction transaction = Transaction.unique();
        caches.delete("foo");
        assertThat(caches.has("foo")).as("the cache should not exist").isFalse();
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, "foo"))
                .isEmpty();
        assertThat(caches.has("foo")).as("the match must not create the cache").isFalse();
    }

    @Test
    @DisplayName("CacheStorageMatch with empty cache name provided")
    void emptyCacheName() {
        Transaction transaction = Transaction.unique();
        caches.delete("");
        assertThat(caches.has("")).isFalse();
        cache.put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, ""))
                .as("an empty name is a name, not every cache")
                .isEmpty();
        caches.open("").put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, ""))
                .contains(transaction.response());
        caches.delete("");
    }

    @Test
    @DisplayName("CacheStorageMatch supports ignoreSearch")
    void supportsIgnoreSearch() {
        CacheResponse response = CacheResponse.ok("foo");
        cache.put(CacheRequest.get("http://example.com/?foo"), response);
        CacheRequest noQuery = CacheRequest.get("http://example.com/");
        assertThat(caches.match(noQuery)).isEmpty();
        assertThat(caches.match(noQuery, QueryOptions.ignoringSearch(), null)).contains(response);
    }

    @Test
    @DisplayName("Cache.match supports ignoreMethod")
    void supportsIgnoreMethod() {
        cache.put(METHOD_REQUEST, METHOD_RESPONSE);
        CacheRequest head = METHOD_REQUEST.withMethod("HEAD");
        assertThat(caches.match(head)).isEmpty();
        assertThat(caches.match(head, QueryOptions.ignoringMethod(), null)).contains(METHOD_RESPONSE);
    }

    @Test
    @DisplayName("CacheStorageMatch supports ignoreVary")
    void supportsIgnoreVary() {
        cache.put(VARY_REQUEST, VARY_RESPONSE);
        assertThat(caches.match(MISMATCHED_VARY_REQUEST)).isEmpty();
        assertThat(caches.match(MISMATCHED_VARY_REQUEST, QueryOptions.ignoringVary(), null))
                .contains(VARY_RESPONSE);
    }

    /** Names are matched exactly, lone surrogates included (cache-storage's "names are DOMStrings", for match). */
    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: CacheStorage.match with an unpaired surrogate in the cache name")
    void unpairedSurrogateName() {
        Transaction transaction = Transaction.unique();
        caches.open("unpaired\uD800").put(transaction.request(), transaction.response());
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, "unpaired\uFFFD"))
                .isEmpty();
        assertThat(caches.match(transaction.request(), QueryOptions.DEFAULT, "unpaired\uD800"))
                .contains(transaction.response());
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: CacheStorage.match does not search a deleted cache")
    void deletedCacheIsNotSearched() {
        Transaction transaction = Transaction.unique();
        caches.open("y").put(transaction.request(), transaction.response());
        caches.delete("y");
        assertThat(caches.match(transaction.request())).isEmpty();
    }
}
