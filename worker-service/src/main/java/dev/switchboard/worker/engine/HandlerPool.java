package dev.switchboard.worker.engine;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Where handler code runs: a fixed number of threads with a bounded queue, and a deadline per task that holds for
 * synchronous code too. At the deadline the task's future fails with {@link HandlerDeadlineException} and its
 * thread is interrupted; a thread still running {@code abandonGrace} later is abandoned — counted, left to finish
 * on its own, and replaced, so the pool keeps its size. Too many abandoned threads alive and the pool reports
 * itself unhealthy ({@link #healthy()}), so that the node is restarted rather than starved.
 */
public final class HandlerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HandlerPool.class);

    private final String name;
    private final int threads;
    private final int queueCapacity;
    private final Duration abandonGrace;
    private final int maxAbandoned;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger abandonedAlive = new AtomicInteger();
    private final Counter deadlines;
    private final Counter abandonedTotal;

    public HandlerPool(
            String name,
            int threads,
            int queueCapacity,
            Duration abandonGrace,
            int maxAbandoned,
            MeterRegistry meters) {
        this.name = name;
        this.threads = threads;
        this.queueCapacity = queueCapacity;
        this.abandonGrace = abandonGrace;
        this.maxAbandoned = maxAbandoned;
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                daemon("switchboard-" + name));
        ScheduledThreadPoolExecutor timers =
                new ScheduledThreadPoolExecutor(1, daemon("switchboard-" + name + "-watchdog"));
        // A task that finished in time takes its deadline timer out at once: left in, every event's timer (and the
        // task it holds) would stay queued for the whole deadline, and wake this thread when it ran for nothing.
        timers.setRemoveOnCancelPolicy(true);
        this.watchdog = timers;
        Tags tags = Tags.of("pool", name);
        this.deadlines = meters.counter("switchboard.worker.handler.deadline.exceeded", tags);
        this.abandonedTotal = meters.counter("switchboard.worker.handler.threads.abandoned", tags);
        meters.gauge("switchboard.worker.handler.threads.abandoned.alive", tags, abandonedAlive);
        meters.gauge("switchboard.worker.handler.queue", tags, executor, pool -> pool.getQueue()
                .size());
        meters.gauge("switchboard.worker.handler.active", tags, executor, ThreadPoolExecutor::getActiveCount);
    }

    /**
     * Runs {@code task} on a pool thread; the future fails with {@link HandlerDeadlineException} if it runs longer
     * than {@code deadline}, and with {@link PoolSaturatedException} if the queue is full.
     */
    public <T> CompletableFuture<T> submit(Callable<T> task, Duration deadline) {
        Invocation<T> invocation = new Invocation<>(task, deadline);
        try {
            executor.execute(invocation);
        } catch (RejectedExecutionException e) {
            invocation.result.completeExceptionally(new PoolSaturatedException(name, queueCapacity));
        }
        return invocation.result;
    }

    /** False while {@code maxAbandoned} or more abandoned threads are still running. */
    public boolean healthy() {
        return abandonedAlive.get() < maxAbandoned;
    }

    public int abandonedAlive() {
        return abandonedAlive.get();
    }

    /** Resizes the pool to its configured size plus one thread per abandoned one still alive. */
    private synchronized void resize() {
        int size = threads + abandonedAlive.get();
        if (size > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One task: its result, the thread running it, and whether it was abandoned. */
    private final class Invocation<T> implements Runnable {

        private final Callable<T> task;
        private final Duration deadline;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private Thread runner;
        private boolean finished;
        private boolean abandoned;

        Invocation(Callable<T> task, Duration deadline) {
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            synchronized (this) {
                runner = Thread.currentThread();
            }
            ScheduledFuture<?> timer = watchdog.schedule(this::overran, deadline.toNanos(), TimeUnit.NANOSECONDS);
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            } finally {
                timer.cancel(false);
                boolean wasAbandoned;
                synchronized (this) {
                    finished = true;
                    runner = null;
                    wasAbandoned = abandoned;
                }
                // The interrupt was for this task only; the thread serves the next one.
                Thread.interrupted();
                if (wasAbandoned) {
                    abandonedAlive.decrementAndGet();
                    resize();
                    LOG.infof("an abandoned %s thread finished its task at last and rejoined the pool", name);
                }
            }
        }

        private void overran() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                // Failed first: a task that answers the interrupt by returning must not count as a success.
                result.completeExceptionally(new HandlerDeadlineException(deadline));
                runner.interrupt();
            }
            deadlines.increment();
            watchdog.schedule(this::abandonIfRunning, abandonGrace.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void abandonIfRunning() {
            String thread;
            synchronized (this) {
                if (finished) {
                    return;
                }
                abandoned = true;
                thread = runner.getName();
            }
            int alive = abandonedAlive.incrementAndGet();
            abandonedTotal.increment();
            resize();
            LOG.errorf(
                    "%s kept running %s after its deadline of %s and an interrupt: abandoned, replaced by a new "
                            + "thread (%d abandoned threads alive, unhealthy at %d)",
                    thread, name, deadline, alive, maxAbandoned);
        }
    }
}
