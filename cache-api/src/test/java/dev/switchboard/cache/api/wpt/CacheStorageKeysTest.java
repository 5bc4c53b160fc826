package dev.switchboard.cache.api.wpt;

import static dev.switchboard.cache.api.wpt.WptSupport.freshStorage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.switchboard.cache.api.CacheStorage;

/** Port of WPT service-workers/cache-storage/cache-storage-keys.https.any.js. */
class CacheStorageKeysTest {

    @Test
    @DisplayName("WPT cache-storage-keys: CacheStorage keys")
    void keysInCreationOrder() {
        CacheStorage caches = freshStorage();
        assertThat(caches.keys()).isEmpty();
        String[] names = { "cache-storage-keys/bar", "cache-storage-keys/foo", "cache-storage-keys/baz", "", "cache-storage-keys/a" };
        for (String name : names) {
            caches.open(name);
        }
        assertThat(caches.keys()).containsExactly(names);
        caches.delete("cache-storage-keys/foo");
        caches.open("cache-storage-keys/foo");
        assertThat(caches.keys()).containsExactly("cache-storage-keys/bar", "cache-storage-keys/baz", "", "cache-storage-keys/a",
                "cache-storage-keys/foo");
    }
}
