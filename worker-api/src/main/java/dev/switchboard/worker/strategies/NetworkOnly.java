package dev.switchboard.worker.strategies;

import java.time.Duration;

import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox {@code NetworkOnly}: the network's response, whatever its status; nothing is cached. A network failure,
 * or no answer within {@code networkTimeout} (when set), is {@code no-response}.
 */
public final class NetworkOnly extends AbstractStrategy {

    private final Duration networkTimeout;

    public NetworkOnly() {
        this(null);
    }

    public NetworkOnly(Duration networkTimeout) {
        super(null, null);
        this.networkTimeout = networkTimeout;
    }

    @Override
    public CacheResponse handle(CacheRequest request, StrategyContext context) {
        try {
            if (networkTimeout == null) {
                return fetch(request, context);
            }
            return awaitUpTo(startInBackground(() -> fetch(request, context), context), networkTimeout, context)
                    .orElseThrow(() -> noResponse(request, null));
        } catch (RuntimeException e) {
            throw e instanceof NoResponseException noResponse ? noResponse : noResponse(request, e);
        }
    }
}
