package dev.switchboard.contract.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.map.IMap;

class HazelcastCallbacksTest {

    @Test
    void callbacksOfARealMembersFuturesRunOnTheBoundedPoolNotOnNewThreads() throws Exception {
        var executor = HazelcastCallbacks.install(2, 10_000);
        assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).isSameAs(executor);
        int port = freePort();
        HazelcastInstance member = Hazelcast.newHazelcastInstance(HazelcastConfigs.tcpIpMember(
                "callbacks-" + UUID.randomUUID(), "127.0.0.1", port, List.of("127.0.0.1:" + port), 0));
        try {
            IMap<String, String> map = member.getMap("callbacks");
            Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
            callbacks(map, 100, callbackThreads);
            long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            callbacks(map, 2_000, callbackThreads);
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - startedBefore;

            // Without the pool, on two cores or fewer, each of the 2,000 callbacks started a thread of its own.
            assertThat(started).isLessThan(20);
            assertThat(callbackThreads)
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith(HazelcastCallbacks.THREAD_PREFIX));
            assertThat(callbackThreads.size()).isLessThanOrEqualTo(2);
        } finally {
            member.shutdown();
        }
    }

    @Test
    void aSecondInstallKeepsTheFirstPool() {
        var first = HazelcastCallbacks.install(2, 10_000);
        assertThat(HazelcastCallbacks.install(3, 50)).isSameAs(first);
        assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).isSameAs(first);
    }

    @Test
    void outOfBoundsSettingsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> HazelcastCallbacks.install(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.hazelcast.callbacks.threads");
        assertThatThrownBy(() -> HazelcastCallbacks.install(HazelcastCallbacks.MAX_THREADS + 1, 10))
                .hasMessageContaining("switchboard.hazelcast.callbacks.threads");
        assertThatThrownBy(() -> HazelcastCallbacks.install(2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("switchboard.hazelcast.callbacks.queue");
    }

    /** {@code count} writes, each with a callback that notes the thread it runs on; waits for all of them. */
    private static void callbacks(IMap<String, String> map, int count, Set<String> threads) throws Exception {
        List<CompletableFuture<String>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            done.add(map.putAsync("k" + (i % 50), "v" + i)
                    .thenApply(previous -> {
                        threads.add(Thread.currentThread().getName());
                        return previous;
                    })
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
