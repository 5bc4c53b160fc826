package dev.switchboard.contract.hazelcast;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.hazelcast.internal.util.ConcurrencyUtil;

/**
 * Where Hazelcast runs the callbacks of its futures ({@code thenApply}, {@code whenComplete}, … without an
 * executor). Hazelcast's default is the JDK's common fork-join pool, unless that pool's parallelism is 1 (two
 * cores or fewer): then it starts a new thread for every callback (measured: thousands of thread starts per
 * second in a worker under load, docs/benchmarks.md). Installed before a service creates its Hazelcast
 * instance, a bounded pool of daemon threads runs them instead; when its queue is full the thread completing
 * the future runs the callback itself, as Hazelcast's own caller-runs executor does, so nothing is dropped.
 *
 * <p>The executor is one per JVM (Hazelcast keeps it in a static field): the first install wins.
 */
public final class HazelcastCallbacks {

    /** Bounds of the settings, so a typo cannot ask for a million threads. */
    static final int MAX_THREADS = 256;

    static final int MAX_QUEUE = 1_000_000;
    /** As {@link HazelcastSettings.Callbacks#queue()}'s default. */
    static final int DEFAULT_QUEUE = 10_000;

    static final String THREAD_PREFIX = "hz-callbacks-";

    // Not io.quarkus.logging.Log: embedded members (tests, the benchmark) install it outside Quarkus too.
    private static final Logger LOG = Logger.getLogger(HazelcastCallbacks.class);

    private static ThreadPoolExecutor installed;

    private HazelcastCallbacks() {}

    /** Installs the pool {@code switchboard.hazelcast.callbacks.*} describes; fails naming the key if out of bounds. */
    public static Executor install(HazelcastSettings settings) {
        HazelcastSettings.Callbacks callbacks = settings.callbacks();
        return install(callbacks.threads().orElse(defaultThreads()), callbacks.queue());
    }

    /** The defaults of {@code switchboard.hazelcast.callbacks.*}, for embedded members. */
    public static Executor installDefaults() {
        return install(defaultThreads(), DEFAULT_QUEUE);
    }

    /** The documented default thread count: the cores, at least two. */
    public static int defaultThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /** Installs a pool of {@code threads} threads and a queue of {@code queue} callbacks (first install wins). */
    public static synchronized Executor install(int threads, int queue) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(
                    "switchboard.hazelcast.callbacks.threads must be within 1.." + MAX_THREADS + ", not " + threads);
        }
        if (queue < 1 || queue > MAX_QUEUE) {
            throw new IllegalArgumentException(
                    "switchboard.hazelcast.callbacks.queue must be within 1.." + MAX_QUEUE + ", not " + queue);
        }
        if (installed == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    threads,
                    threads,
                    60,
                    TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(queue),
                    daemonThreads(),
                    new ThreadPoolExecutor.CallerRunsPolicy());
            // Idle services keep no callback threads.
            pool.allowCoreThreadTimeOut(true);
            ConcurrencyUtil.setDefaultAsyncExecutor(pool);
            installed = pool;
            LOG.debugf("Hazelcast callbacks run on %d threads, %d queued at most", threads, queue);
        } else if (installed.getMaximumPoolSize() != threads
                || installed.getQueue().remainingCapacity()
                                + installed.getQueue().size()
                        != queue) {
            LOG.warnf(
                    "Hazelcast callbacks already run on %d threads in this JVM; %d threads, queue %d not applied",
                    installed.getMaximumPoolSize(), threads, queue);
        }
        return installed;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, THREAD_PREFIX + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
