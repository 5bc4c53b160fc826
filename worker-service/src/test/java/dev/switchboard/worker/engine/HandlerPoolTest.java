package dev.switchboard.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Deadlines on synchronous handler code: interrupt, then abandon and replace a thread that will not stop. */
class HandlerPoolTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HandlerPool pool = new HandlerPool("test", 2, 16, Duration.ofMillis(200), 2, meters);
    private final AtomicBoolean released = new AtomicBoolean();

    @AfterEach
    void close() {
        released.set(true);
        pool.close();
    }

    @Test
    void aTaskPastItsDeadlineFailsAndItsThreadIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<Object> sleeper = pool.submit(
                () -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return "woke";
                },
                Duration.ofMillis(100));
        assertThatThrownBy(() -> sleeper.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(HandlerDeadlineException.class);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.submit(() -> "next", Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS))
                .isEqualTo("next");
        assertThat(pool.abandonedAlive()).isZero();
    }

    @Test
    void aThreadThatIgnoresTheInterruptIsAbandonedAndReplacedSoThePoolKeepsServing() throws Exception {
        CompletableFuture<Object> deaf = pool.submit(this::spinUntilReleased, Duration.ofMillis(100));
        CompletableFuture<Object> deafToo = pool.submit(this::spinUntilReleased, Duration.ofMillis(100));
        assertThatThrownBy(() -> deaf.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(HandlerDeadlineException.class);
        assertThatThrownBy(() -> deafToo.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(HandlerDeadlineException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.abandonedAlive() == 2);

        // Both threads of the pool still spin, yet new work runs: each abandoned thread was replaced.
        assertThat(pool.submit(() -> "served", Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS))
                .isEqualTo("served");
        assertThat(pool.healthy()).as("2 abandoned threads alive is the bound").isFalse();
        assertThat(meters.counter("switchboard.worker.handler.threads.abandoned", "pool", "test")
                        .count())
                .isEqualTo(2);

        released.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.abandonedAlive() == 0);
        assertThat(pool.healthy()).isTrue();
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        HandlerPool tiny = new HandlerPool("tiny", 1, 1, Duration.ofMillis(200), 2, meters);
        try {
            CountDownLatch hold = new CountDownLatch(1);
            tiny.submit(() -> hold.await(5, TimeUnit.SECONDS), Duration.ofSeconds(5));
            tiny.submit(() -> "queued", Duration.ofSeconds(5));
            CompletableFuture<Object> refused = tiny.submit(() -> "refused", Duration.ofSeconds(5));
            assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(PoolSaturatedException.class);
            hold.countDown();
        } finally {
            tiny.close();
        }
    }

    private Object spinUntilReleased() {
        long spins = 0;
        while (!released.get()) {
            spins++;
        }
        return spins;
    }
}
