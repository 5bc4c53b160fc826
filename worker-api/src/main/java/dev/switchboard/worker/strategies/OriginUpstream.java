package dev.switchboard.worker.strategies;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.Upstream;

/**
 * "The network" of a registration: requests are made with URLs at the registration's (public) origin and
 * fetched from its upstream origin; the response keeps the public URL, so what is cached does not depend on
 * where the upstream lives. URLs at another origin are refused (TYPE_ERROR): a worker reaches only its own.
 */
public final class OriginUpstream implements Upstream {

    private final String publicOrigin;
    private final String upstreamOrigin;
    private final Upstream http;

    public OriginUpstream(String publicOrigin, String upstreamOrigin, Upstream http) {
        this.publicOrigin = strip(publicOrigin);
        this.upstreamOrigin = strip(upstreamOrigin);
        this.http = http;
    }

    @Override
    public CacheResponse fetch(CacheRequest request) {
        String url = request.url();
        if (!url.startsWith(publicOrigin + "/") && !url.equals(publicOrigin)) {
            throw new CacheException(CacheException.Kind.TYPE_ERROR, url + " is not at " + publicOrigin);
        }
        CacheResponse response = http.fetch(new CacheRequest(
                request.method(), upstreamOrigin + url.substring(publicOrigin.length()), request.headers()));
        return new CacheResponse(response.status(), response.statusText(), response.headers(), response.body(), url);
    }

    private static String strip(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
