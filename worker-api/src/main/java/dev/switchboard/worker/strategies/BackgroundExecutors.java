package dev.switchboard.worker.strategies;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded executors for the strategies' background work (network fetches raced against a timeout,
 * revalidations). Past {@code queue} waiting tasks they refuse work, and the strategies then degrade as their
 * documentation says (run inline, or skip a revalidation) instead of queueing without limit.
 */
public final class BackgroundExecutors {

    /** Threads of the executor {@link DeclaredRoutes#respond} uses in a worker. */
    public static final int SHARED_THREADS = 4;

    /** Tasks that may wait for those threads. */
    public static final int SHARED_QUEUE = 256;

    private static volatile ExecutorService shared;

    private BackgroundExecutors() {}

    /** A pool of {@code threads} daemon threads with at most {@code queue} tasks waiting. */
    public static ExecutorService bounded(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The executor workers' declared routes share ({@value #SHARED_THREADS} threads, {@value #SHARED_QUEUE} queued). */
    public static ExecutorService shared() {
        ExecutorService current = shared;
        if (current == null) {
            synchronized (BackgroundExecutors.class) {
                if (shared == null) {
                    shared = bounded("switchboard-strategies", SHARED_THREADS, SHARED_QUEUE);
                }
                current = shared;
            }
        }
        return current;
    }
}
