package dev.switchboard.cache.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.hazelcast.CacheNearCache;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.testsupport.EmbeddedHazelcast;

/**
 * Latency and throughput of match and put through a Hazelcast client, remote and near-cached, on a two-member
 * loopback cluster. Not part of {@code verify}; run with
 * {@code ./mvnw -B -pl cache-api -am test -Dtest=CacheBenchmark -Dsurefire.failIfNoSpecifiedTests=false} and read
 * the {@code CacheBenchmark} log lines. It measures; it asserts nothing.
 */
class CacheBenchmark {

    private static final Logger LOG = Logger.getLogger(CacheBenchmark.class);
    private static final int BODY_BYTES = 1_024;
    private static final int THREADS = 4;

    @Test
    void measure() throws Exception {
        try (EmbeddedHazelcast cluster = EmbeddedHazelcast.start("bench-" + UUID.randomUUID(), 2)) {
            HazelcastInstance remoteClient = client(cluster, false);
            HazelcastInstance nearClient = client(cluster, true);
            try {
                for (int entries : new int[] {100, 1_000}) {
                    String origin = "https://bench-" + entries + ".test";
                    Cache remote = storages(remoteClient).forOrigin(origin).open("v1");
                    Cache near = storages(nearClient).forOrigin(origin).open("v1");
                    byte[] body = new byte[BODY_BYTES];
                    Arrays.fill(body, (byte) 'x');
                    CacheResponse response =
                            new CacheResponse(200, "OK", Headers.of("Content-Type", "text/plain"), body, "");

                    run("put    remote", entries, 2_000, i -> remote.put("/item/" + (i % entries), response));
                    run("match  remote", entries, 5_000, hitAny(remote, entries));
                    run("match  near-cached", entries, 20_000, hitAny(near, entries));
                    run("match  miss remote", entries, 5_000, i -> remote.match("/absent/" + i));
                }
            } finally {
                remoteClient.shutdown();
                nearClient.shutdown();
            }
        }
    }

    private static HazelcastInstance client(EmbeddedHazelcast cluster, boolean nearCached) {
        ClientConfig config =
                HazelcastConfigs.client(cluster.clusterName(), cluster.addresses(), Duration.ofSeconds(30));
        return HazelcastClient.newHazelcastClient(nearCached ? CacheNearCache.enable(config, 10_000) : config);
    }

    private static CacheStorages storages(HazelcastInstance client) {
        return new HazelcastCacheStorages(
                client,
                CacheLimits.DEFAULTS,
                request -> {
                    throw new IllegalStateException("no upstream in the benchmark");
                },
                CacheListener.NONE);
    }

    /** Matches one of the {@code entries} stored, which must be found: a miss would measure the wrong path. */
    private static IntConsumer hitAny(Cache cache, int entries) {
        return i -> {
            if (cache.match("/item/" + ThreadLocalRandom.current().nextInt(entries))
                    .isEmpty()) {
                throw new IllegalStateException("a stored entry was not matched");
            }
        };
    }

    /** Warms up, measures single-thread latency (p50/p99) and then throughput with {@link #THREADS} threads. */
    private static void run(String name, int entries, int operations, IntConsumer operation) throws Exception {
        for (int i = 0; i < operations / 4; i++) {
            operation.accept(i);
        }
        long[] nanos = new long[operations];
        for (int i = 0; i < operations; i++) {
            long start = System.nanoTime();
            operation.accept(i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * operations;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < operations; i++) {
                        operation.accept(offset + i);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.infof(
                "CacheBenchmark %-19s entries/cache=%5d  p50=%7.1f us  p99=%8.1f us  throughput(%d threads)=%8.0f ops/s",
                name,
                entries,
                nanos[operations / 2] / 1e3,
                nanos[operations * 99 / 100] / 1e3,
                THREADS,
                THREADS * operations / seconds);
    }
}
