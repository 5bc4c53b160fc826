package dev.switchboard.cache.api.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.cache.api.CacheListener;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.CacheStorages;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.testsupport.EmbeddedHazelcast;

/**
 * Every cache entry survives the loss of one of three members (one synchronous backup of every map), whether the
 * member leaves cleanly or dies.
 */
class MemberLossIT {

    private static final int ORIGINS = 4;
    private static final int CACHES = 3;
    private static final int ENTRIES = 50;

    @Test
    void noEntryIsLostWhenAMemberIsTerminated() {
        survives(member -> member.getLifecycleService().terminate());
    }

    @Test
    void noEntryIsLostWhenAMemberShutsDown() {
        survives(HazelcastInstance::shutdown);
    }

    private void survives(Consumer<HazelcastInstance> loss) {
        try (EmbeddedHazelcast cluster = EmbeddedHazelcast.start("member-loss-" + UUID.randomUUID(), 3)) {
            HazelcastInstance client = HazelcastClient.newHazelcastClient(
                    HazelcastConfigs.client(cluster.clusterName(), cluster.addresses(), Duration.ofSeconds(30)));
            try {
                // Small chunks, so bodies are spread over many partitions and members.
                CacheStorages storages = new HazelcastCacheStorages(
                        client,
                        CacheLimits.DEFAULTS.withChunkBytes(512),
                        request -> {
                            throw new IllegalStateException("no upstream in this test");
                        },
                        CacheListener.NONE);
                String run = UUID.randomUUID().toString();
                for (int o = 0; o < ORIGINS; o++) {
                    CacheStorage caches = storages.forOrigin("https://o" + o + "-" + run + ".test");
                    for (int c = 0; c < CACHES; c++) {
                        Cache cache = caches.open("v" + c);
                        for (int e = 0; e < ENTRIES; e++) {
                            cache.put("/item/" + e, body(o, c, e));
                        }
                    }
                }

                loss.accept(cluster.member(1));

                int found = 0;
                for (int o = 0; o < ORIGINS; o++) {
                    CacheStorage caches = storages.forOrigin("https://o" + o + "-" + run + ".test");
                    assertThat(caches.keys()).containsExactly("v0", "v1", "v2");
                    for (int c = 0; c < CACHES; c++) {
                        Cache cache = caches.open("v" + c);
                        assertThat(cache.keys()).hasSize(ENTRIES);
                        for (int e = 0; e < ENTRIES; e++) {
                            assertThat(cache.match("/item/" + e)).contains(body(o, c, e));
                            found++;
                        }
                    }
                    assertThat(caches.estimate().usage()).isPositive();
                }
                assertThat(found).isEqualTo(ORIGINS * CACHES * ENTRIES);
            } finally {
                client.shutdown();
            }
        }
    }

    private static CacheResponse body(int origin, int cache, int entry) {
        return new CacheResponse(
                200,
                "OK",
                Headers.of("Content-Type", "text/plain"),
                (origin + "/" + cache + "/" + entry + " ").repeat(200).getBytes(StandardCharsets.UTF_8),
                "");
    }
}
