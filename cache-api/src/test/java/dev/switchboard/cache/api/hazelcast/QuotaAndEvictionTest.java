package dev.switchboard.cache.api.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.hazelcast.query.Predicates;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.StorageEstimate;
import dev.switchboard.cache.api.TestGrid;

/** Per-origin quota, estimate(), LRU eviction, the body limit, chunked bodies and purging deleted caches. */
class QuotaAndEvictionTest {

    /** Bytes an entry of {@link #entry} takes: body + request URL. */
    private static final int BODY = 300;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong evictions = new AtomicLong();
    private final CacheListener countingEvictions = new CacheListener() {
        @Override
        public void evicted(String origin, long bytes) {
            evictions.incrementAndGet();
        }
    };

    private Grid grid(CacheLimits limits) {
        return new Grid(
                TestGrid.CLIENT, limits, TestGrid.upstream(limits.maxBodyBytes()), countingEvictions, clock::get);
    }

    private static CacheResponse entry(char fill) {
        return CacheResponse.ok(String.valueOf(fill).repeat(BODY));
    }

    private static String url(char name) {
        return "https://example.com/" + name;
    }

    private static long size(char name) {
        return (long) BODY + url(name).length();
    }

    @Test
    void estimateReportsUsageAndQuotaAndFollowsPutsAndDeletes() {
        Grid grid = grid(CacheLimits.DEFAULTS);
        CacheStorage caches = new HazelcastCacheStorages(grid).forOrigin(TestGrid.freshOrigin());
        Cache cache = caches.open("v1");
        assertThat(caches.estimate()).isEqualTo(new StorageEstimate(0, CacheLimits.DEFAULTS.quotaBytes()));
        cache.put(url('a'), entry('a'));
        cache.put(url('b'), entry('b'));
        assertThat(caches.estimate().usage()).isEqualTo(size('a') + size('b'));
        cache.put(url('a'), entry('c'));
        assertThat(caches.estimate().usage())
                .as("a replaced entry gives its bytes back")
                .isEqualTo(size('a') + size('b'));
        cache.delete(url('a'));
        assertThat(caches.estimate().usage()).isEqualTo(size('b'));
    }

    @Test
    void leastRecentlyUsedEntriesOfTheOriginAreEvictedWhenItsQuotaIsExceeded() {
        Grid grid = grid(CacheLimits.DEFAULTS.withQuotaBytes(3 * size('a')));
        CacheStorage caches = new HazelcastCacheStorages(grid).forOrigin(TestGrid.freshOrigin());
        Cache v1 = caches.open("v1");
        Cache v2 = caches.open("v2");
        clock.set(1_001);
        v1.put(url('a'), entry('a'));
        clock.set(1_002);
        v1.put(url('b'), entry('b'));
        clock.set(1_003);
        v2.put(url('c'), entry('c'));
        clock.set(1_004);
        assertThat(v1.match(url('a'))).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> !grid.entryUsage
                .values(Predicates.equal("lastUsedMillis", 1_004L))
                .isEmpty());

        clock.set(1_005);
        v2.put(url('d'), entry('d'));

        assertThat(v1.match(url('b'))).as("b was used least recently").isEmpty();
        assertThat(v1.match(url('a'))).isPresent();
        assertThat(v2.match(url('c'))).isPresent();
        assertThat(v2.match(url('d'))).isPresent();
        assertThat(v1.keys()).extracting(CacheRequest::url).containsExactly(url('a'));
        assertThat(caches.estimate().usage())
                .isEqualTo(3 * size('a'))
                .isLessThanOrEqualTo(caches.estimate().quota());
        assertThat(evictions).hasValue(1);
    }

    @Test
    void anotherOriginsEntriesAreNeverEvicted() {
        Grid grid = grid(CacheLimits.DEFAULTS.withQuotaBytes(2 * size('a')));
        HazelcastCacheStorages storages = new HazelcastCacheStorages(grid);
        Cache other = storages.forOrigin(TestGrid.freshOrigin()).open("v1");
        other.put(url('a'), entry('a'));
        Cache mine = storages.forOrigin(TestGrid.freshOrigin()).open("v1");
        for (char name = 'b'; name <= 'f'; name++) {
            clock.incrementAndGet();
            mine.put(url(name), entry(name));
        }
        assertThat(other.match(url('a'))).isPresent();
        assertThat(mine.keys()).extracting(CacheRequest::url).containsExactly(url('e'), url('f'));
    }

    @Test
    void bodiesOverTheLimitAndEntriesOverTheQuotaAreRefusedAndNothingIsStored() {
        CacheLimits limits = new CacheLimits(2_000, 1_000, 256, 10, 10, 8, Duration.ZERO, 1_000);
        CacheStorage caches = new HazelcastCacheStorages(grid(limits)).forOrigin(TestGrid.freshOrigin());
        Cache cache = caches.open("v1");
        assertThatThrownBy(() -> cache.put(url('a'), CacheResponse.ok("x".repeat(1_001))))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.QUOTA_EXCEEDED));
        assertThatThrownBy(() -> cache.put(
                        CacheRequest.get(url('a'), Headers.of("x-big", "h".repeat(1_500))),
                        CacheResponse.ok("x".repeat(900))))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.QUOTA_EXCEEDED));
        assertThat(cache.keys()).isEmpty();
        assertThat(caches.estimate().usage()).isZero();
    }

    @Test
    void theCachesOfAtMostMaxOriginsOriginsAreHeldAndExistingOnesStayUsable() {
        Grid probe = grid(CacheLimits.DEFAULTS);
        int existing = probe.storages.size();
        HazelcastCacheStorages storages =
                new HazelcastCacheStorages(grid(CacheLimits.DEFAULTS.withMaxOrigins(existing + 1)));
        CacheStorage first = storages.forOrigin(TestGrid.freshOrigin());
        first.open("v1");
        assertThatThrownBy(() -> storages.forOrigin(TestGrid.freshOrigin()).open("v1"))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.QUOTA_EXCEEDED))
                .hasMessageContaining("origins");
        assertThat(first.open("v2")).as("an origin that has caches opens more").isNotNull();
    }

    @Test
    void aCacheHoldsAtMostTheConfiguredNumberOfEntries() {
        CacheLimits limits = new CacheLimits(1_000_000, 1_000, 256, 2, 10, 8, Duration.ZERO, 1_000);
        CacheStorage caches = new HazelcastCacheStorages(grid(limits)).forOrigin(TestGrid.freshOrigin());
        Cache cache = caches.open("v1");
        cache.put(url('a'), entry('a'));
        cache.put(url('b'), entry('b'));
        assertThatThrownBy(() -> cache.put(url('c'), entry('c')))
                .isInstanceOfSatisfying(
                        CacheException.class, e -> assertThat(e.kind()).isEqualTo(CacheException.Kind.QUOTA_EXCEEDED));
        assertThat(cache.keys()).hasSize(2);
        assertThat(caches.estimate().usage()).isEqualTo(size('a') + size('b'));
    }

    @Test
    void largeBodiesAreStoredInChunksAndFreedWithTheirEntry() {
        Grid grid = grid(CacheLimits.DEFAULTS.withChunkBytes(1_024));
        Cache cache = new HazelcastCacheStorages(grid)
                .forOrigin(TestGrid.freshOrigin())
                .open("v1");
        byte[] body = new byte[5_000];
        new Random(42).nextBytes(body);
        cache.put(
                url('a'),
                new CacheResponse(200, "OK", Headers.of("Content-Type", "application/octet-stream"), body, ""));
        String entryId = grid.indexes.values().stream()
                .flatMap(index -> java.util.Arrays.stream(index.entries()))
                .filter(entry -> entry.url().equals(url('a'))
                        && grid.responses.get(entry.entryId()) != null
                        && grid.responses.get(entry.entryId()).bodyLength() == 5_000)
                .findFirst()
                .orElseThrow()
                .entryId();
        assertThat(grid.responses.get(entryId).chunks()).isEqualTo(5);
        assertThat(grid.chunks.get(entryId + "/4")).hasSize(5_000 - 4 * 1_024);
        assertThat(cache.match(url('a')).orElseThrow().body()).isEqualTo(body);

        cache.delete(url('a'));
        assertThat(grid.responses.containsKey(entryId)).isFalse();
        for (int i = 1; i < 5; i++) {
            assertThat(grid.chunks.containsKey(entryId + "/" + i)).isFalse();
        }
    }

    @Test
    void aDeletedCacheKeepsItsEntriesForOpenHandlesUntilPurged() {
        Grid grid = grid(new CacheLimits(1_000_000, 1_000, 256, 10, 10, 8, Duration.ofSeconds(60), 1_000));
        HazelcastCacheStorages storages = new HazelcastCacheStorages(grid);
        CacheStorage caches = storages.forOrigin(TestGrid.freshOrigin());
        Cache cache = caches.open("v1");
        cache.put(url('a'), entry('a'));
        assertThat(caches.delete("v1")).isTrue();

        clock.addAndGet(59_000);
        storages.purgeDeleted();
        assertThat(cache.match(url('a')))
                .as("within the retention the handle still works")
                .isPresent();
        assertThat(caches.estimate().usage()).isEqualTo(size('a'));

        clock.addAndGet(2_000);
        assertThat(storages.purgeDeleted()).isPositive();
        assertThat(cache.keys()).isEmpty();
        assertThat(caches.estimate().usage()).isZero();
    }

    @Test
    void concurrentPutsToOneCacheFromSeveralThreadsKeepEveryEntry() throws Exception {
        Cache cache = new HazelcastCacheStorages(grid(CacheLimits.DEFAULTS))
                .forOrigin(TestGrid.freshOrigin())
                .open("v1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int id = writer;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        cache.put("https://example.com/" + id + "/" + i, CacheResponse.ok(id + "/" + i));
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.keys()).hasSize(100);
        assertThat(cache.match("https://example.com/3/24").orElseThrow().text()).isEqualTo("3/24");
    }
}
