package dev.switchboard.worker.strategies;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.Upstream;

/**
 * What a strategy works with for one request: the origin's caches, the network, where background work runs
 * (a bounded executor: work it refuses is skipped, never queued without limit) and {@code event.waitUntil},
 * which learns of background work so the event lives until it is done.
 *
 * @param caches the registration's origin's caches ({@code self.caches})
 * @param network "the network": the registration's upstream ({@code fetch})
 * @param background runs network fetches raced against a timeout and background revalidations
 * @param waitUntil told of every background task (the handler path passes {@code event::waitUntil})
 */
public record StrategyContext(
        CacheStorage caches, Upstream network, Executor background, Consumer<CompletionStage<?>> waitUntil) {

    public StrategyContext {
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(background, "background");
        waitUntil = waitUntil == null ? promise -> {} : waitUntil;
    }
}
