package dev.switchboard.worker.strategies;

import java.util.Map;
import java.util.Set;

import dev.switchboard.cache.api.CacheResponse;

/**
 * Workbox's {@code CacheableResponsePlugin}: which responses a strategy may store. A response is cacheable when
 * its status is one of {@code statuses} and it carries every header of {@code headers} with that value. The
 * default, like Workbox's strategies without the plugin, stores status 200 only.
 */
public record CacheableResponse(Set<Integer> statuses, Map<String, String> headers) {

    public static final CacheableResponse DEFAULT = new CacheableResponse(Set.of(200), Map.of());

    public CacheableResponse {
        statuses = Set.copyOf(statuses);
        headers = Map.copyOf(headers);
        if (statuses.isEmpty() && headers.isEmpty()) {
            throw new IllegalArgumentException("a cacheable-response rule needs statuses or headers");
        }
    }

    public static CacheableResponse statuses(Integer... statuses) {
        return new CacheableResponse(Set.of(statuses), Map.of());
    }

    public boolean isCacheable(CacheResponse response) {
        boolean statusOk = statuses.isEmpty() || statuses.contains(response.status());
        boolean headersOk = headers.entrySet().stream()
                .allMatch(header -> header.getValue().equals(response.headers().get(header.getKey())));
        return statusOk && headersOk;
    }
}
