package dev.switchboard.cache.api.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.TestGrid;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;

/** A near-cached client reads its own writes at once, sees other nodes' writes after invalidation, and can still write. */
class NearCacheTest {

    private static final HazelcastInstance NEAR_CACHED = HazelcastClient.newHazelcastClient(CacheNearCache.enable(
            HazelcastConfigs.client(
                    TestGrid.CLUSTER.clusterName(), TestGrid.CLUSTER.addresses(), Duration.ofSeconds(30)),
            1_000));

    @AfterAll
    static void leave() {
        NEAR_CACHED.shutdown();
    }

    @Test
    void nearCachedReadsFollowLocalAndRemoteWrites() {
        String origin = TestGrid.freshOrigin();
        Cache near = new HazelcastCacheStorages(
                        NEAR_CACHED, CacheLimits.DEFAULTS, TestGrid.upstream(1_000), CacheListener.NONE)
                .forOrigin(origin)
                .open("v1");
        Cache remote = new HazelcastCacheStorages(
                        TestGrid.CLIENT, CacheLimits.DEFAULTS, TestGrid.upstream(1_000), CacheListener.NONE)
                .forOrigin(origin)
                .open("v1");

        near.put("/a", CacheResponse.ok("one"));
        assertThat(near.match("/a")).contains(CacheResponse.ok("one"));
        assertThat(near.match("/a")).contains(CacheResponse.ok("one"));

        remote.put("/a", CacheResponse.ok("two"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> near.match("/a").equals(java.util.Optional.of(CacheResponse.ok("two"))));

        remote.put("/b", CacheResponse.ok("b"));
        near.put("/c", CacheResponse.ok("c"));
        assertThat(remote.keys())
                .extracting(CacheRequest::url)
                .containsExactly(origin + "/a", origin + "/b", origin + "/c");
    }
}
