package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.freshStorage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.CacheStorage;

/** Port of WPT service-workers/cache-storage/cache-storage-keys.https.any.js. */
@DisplayName("WPT service-workers/cache-storage/cache-storage-keys.https.any.js")
class CacheStorageKeysTest {

    @Test
    @DisplayName("CacheStorage keys")
    void keysInCreationOrder() {
        CacheStorage caches = freshStorage();
        assertThat(caches.keys()).isEmpty();
        String[] testCacheList = {"", "example", "Another cache name", "A", "a", "ex ample"};
        for (String name : testCacheList) {
            caches.open(name);
        }
        assertThat(caches.keys()).containsExactly(testCacheList);
        // A name deleted and opened again is a new cache: it goes to the end.
        caches.delete("example");
        caches.open("example");
        assertThat(caches.keys()).containsExactly("", "Another cache name", "A", "a", "ex ample", "example");
    }
}
