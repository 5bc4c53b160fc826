package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.freshStorage;
import static dev.switchboard.cache.api.wpt.WptSupport.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;

/** Port of WPT service-workers/cache-storage/cache-storage.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-storage.https.any.js")
class CacheStorageTest {

    @Test
    @DisplayName("CacheStorage.open")
    void open() {
        CacheStorage caches = freshStorage();
        assertThat(caches.delete("cache-storage/foo")).isFalse();
        assertThat(caches.open("cache-storage/foo")).isInstanceOf(Cache.class);
    }

    @Test
    @DisplayName("CacheStorage.open with an empty name")
    void openEmptyName() {
        CacheStorage caches = freshStorage();
        assertThat(caches.open("")).isInstanceOf(Cache.class);
        assertThat(caches.has("")).isTrue();
    }

    @Test
    @DisplayName("CacheStorage.open with no arguments")
    void openWithoutName() {
        assertThatThrownBy(() -> freshStorage().open(null))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.TYPE_ERROR));
    }

    @Test
    @DisplayName("CacheStorage.has with existing cache")
    void hasMatchesExactly() {
        CacheStorage caches = freshStorage();
        Map<String, List<String>> cases = Map.of(
                "cache-storage/lowercase",
                        List.of("cache-storage/Lowercase", " cache-storage/lowercase", "cache-storage/lowercase "),
                "cache-storage/has a space", List.of("cache-storage/has"),
                "cache-storage/has\000_in_the_name", List.of("cache-storage/has", "cache-storage/has_in_the_name"));
        cases.forEach((name, others) -> {
            caches.open(name);
            assertThat(caches.has(name)).as(name).isTrue();
            others.forEach(other -> assertThat(caches.has(other)).as(other).isFalse());
            assertThat(caches.delete(name)).isTrue();
        });
    }

    @Test
    @DisplayName("CacheStorage.has with nonexistent cache")
    void hasNonexistent() {
        assertThat(freshStorage().has("cheezburger")).isFalse();
    }

    @Test
    @DisplayName("CacheStorage.open with existing cache")
    void openExisting() {
        CacheStorage caches = freshStorage();
        Cache cache = caches.open("cache-storage/open");
        cache.add(upstream("/resources/simple.txt"));
        Cache again = caches.open("cache-storage/open");
        assertThat(again).isNotSameAs(cache);
        assertThat(again.keys())
                .extracting(CacheRequest::url)
                .isEqualTo(cache.keys().stream().map(CacheRequest::url).toList())
                .containsExactly(upstream("/resources/simple.txt"));
    }

    @Test
    @DisplayName("CacheStorage.delete dooms, but does not delete immediately")
    void deleteDooms() {
        CacheStorage caches = freshStorage();
        Cache cache = caches.open("cache-storage/open");
        assertThat(caches.delete("cache-storage/open")).isTrue();
        assertThat(caches.has("cache-storage/open")).isFalse();
        cache.add(upstream("/resources/simple.txt"));
        assertThat(cache.keys()).extracting(CacheRequest::url).containsExactly(upstream("/resources/simple.txt"));
        assertThat(cache.match(upstream("/resources/simple.txt"))).isPresent();
        assertThat(caches.keys()).doesNotContain("cache-storage/open");
    }

    @Test
    @DisplayName("CacheStorage.delete with existing cache")
    void deleteExisting() {
        CacheStorage caches = freshStorage();
        caches.open("cache-storage/delete");
        assertThat(caches.delete("cache-storage/delete")).isTrue();
        assertThat(caches.has("cache-storage/delete")).isFalse();
    }

    @Test
    @DisplayName("CacheStorage.delete with nonexistent cache")
    void deleteNonexistent() {
        assertThat(freshStorage().delete("cheezburger")).isFalse();
    }

    @Test
    @DisplayName("CacheStorage names are DOMStrings not USVStrings")
    void namesAreNotConverted() {
        CacheStorage caches = freshStorage();
        String badName = "unpaired\uD800";
        String convertedName = "unpaired\uFFFD";
        assertThat(caches.has(convertedName)).isFalse();
        caches.open(badName);
        assertThat(caches.keys()).contains(badName);
        assertThat(caches.has(badName)).isTrue();
        assertThat(caches.has(convertedName)).isFalse();
    }

    @Test
    @Tag("switchboard")
    @DisplayName("Switchboard: a reopened cache shares the backing store")
    void sameBackingStore() {
        CacheStorage caches = freshStorage();
        caches.open("shared").put("http://example.com/x", CacheResponse.ok("x"));
        assertThat(caches.open("shared").match("http://example.com/x")).contains(CacheResponse.ok("x"));
    }
}
