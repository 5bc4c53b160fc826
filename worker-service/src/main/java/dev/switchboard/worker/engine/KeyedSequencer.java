package dev.switchboard.worker.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs tasks submitted under the same key one after another, in submission order, and tasks of different keys
 * concurrently. A task starts once the previous task of its key has completed, successfully or not. Holds one
 * entry per key with unfinished tasks, so its size is bounded by what the caller lets in.
 */
public final class KeyedSequencer {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    private final Executor chained;

    /** @param chained where a task waiting for its predecessor starts (not the predecessor's completing thread) */
    public KeyedSequencer(Executor chained) {
        this.chained = chained;
    }

    public <T> CompletableFuture<T> submit(String key, Supplier<? extends CompletionStage<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> link = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(key, link);
        Runnable start = () -> {
            CompletionStage<T> stage;
            try {
                stage = task.get();
            } catch (RuntimeException | Error e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, failure) -> {
                tails.remove(key, link);
                link.complete(null);
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            });
        };
        if (previous == null) {
            start.run();
        } else {
            // Started elsewhere: a chain of tasks that complete at once would otherwise grow the stack.
            previous.whenCompleteAsync((done, failure) -> start.run(), chained);
        }
        return result;
    }

    /** Keys with a task running or waiting. */
    public int activeKeys() {
        return tails.size();
    }
}
