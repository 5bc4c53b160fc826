package dev.switchboard.gateway.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** How the gateway waits for Hazelcast: never longer than a timeout, and back on the caller's Vert.x context. */
public final class HazelcastCalls {

    private HazelcastCalls() {}

    /**
     * The call, failed after {@code timeoutMillis}, and completed back on the caller's Vert.x context: Hazelcast
     * runs callbacks on its own executor (a new thread per task on small machines), where our code must not
     * continue.
     */
    public static <T> CompletionStage<T> timed(CompletionStage<T> call, long timeoutMillis) {
        Context caller = Vertx.currentContext();
        CompletableFuture<T> result = new CompletableFuture<>();
        call.toCompletableFuture()
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .whenComplete((value, failure) -> {
                    if (caller == null) {
                        complete(result, value, failure);
                    } else {
                        caller.runOnContext(ignored -> complete(result, value, failure));
                    }
                });
        return result;
    }

    private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure);
        }
    }
}
