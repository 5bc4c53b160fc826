package dev.switchboard.worker.strategies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.Headers;
import dev.switchboard.cache.api.QueryOptions;

/**
 * Workbox's precaching: a list of URLs with revisions, fetched into one cache when the version installs
 * ({@link #install}, from {@code onInstall} under {@code waitUntil}), pruned of what the list no longer names
 * when it activates ({@link #activate}); {@link #cleanupOutdatedCaches} deletes the precaches of older
 * naming schemes. An entry is stored under its plain URL with its revision in the
 * {@value #REVISION_HEADER} response header; install fetches only entries whose revision changed.
 * Install is all-or-nothing: one failed or non-ok fetch fails it (the version becomes redundant) and stores
 * nothing.
 */
public final class Precache {

    /** Every precache's name starts with this; {@link #cleanupOutdatedCaches} deletes the others that do. */
    public static final String CACHE_PREFIX = "switchboard-precache-";

    /** The default precache name. */
    public static final String DEFAULT_CACHE_NAME = CACHE_PREFIX + "v1";

    /** Response header carrying the stored entry's revision. */
    public static final String REVISION_HEADER = "switchboard-precache-revision";

    /** One precached URL; a null or empty revision means the URL itself is versioned (hashed file names). */
    public record Entry(String url, String revision) {

        String revisionOrEmpty() {
            return revision == null ? "" : revision;
        }
    }

    private final String cacheName;
    private final List<Entry> entries;

    public Precache(String cacheName, List<Entry> entries) {
        this.cacheName = cacheName == null || cacheName.isEmpty() ? DEFAULT_CACHE_NAME : cacheName;
        if (!this.cacheName.startsWith(CACHE_PREFIX)) {
            throw new IllegalArgumentException("a precache name must start with " + CACHE_PREFIX);
        }
        Set<String> urls = entries.stream().map(Entry::url).collect(Collectors.toSet());
        if (urls.size() != entries.size()) {
            throw new IllegalArgumentException("a precache list names a URL twice");
        }
        this.entries = List.copyOf(entries);
    }

    public String cacheName() {
        return cacheName;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Fetches every entry whose cached revision differs, then stores them all; throws on any failure. */
    public void install(StrategyContext context) {
        CacheStorage caches = context.caches();
        var cache = caches.open(cacheName);
        Map<CacheRequest, CacheResponse> fetched = new LinkedHashMap<>();
        for (Entry entry : entries) {
            CacheRequest request = CacheRequest.get(CacheUrls.resolve(caches.origin(), entry.url()));
            Optional<CacheResponse> cached = cache.match(request);
            if (cached.isPresent()
                    && entry.revisionOrEmpty().equals(cached.get().headers().get(REVISION_HEADER))) {
                continue;
            }
            CacheResponse response = context.network().fetch(request);
            if (!response.ok()) {
                throw new CacheException(
                        CacheException.Kind.TYPE_ERROR,
                        "precaching " + request.url() + " failed with status " + response.status());
            }
            fetched.put(request, withRevision(response, entry.revisionOrEmpty()));
        }
        fetched.forEach(cache::put);
    }

    /** Removes the entries the list no longer names (Workbox's activate step). */
    public void activate(StrategyContext context) {
        CacheStorage caches = context.caches();
        Set<String> current = entries.stream()
                .map(entry -> CacheUrls.resolve(caches.origin(), entry.url()))
                .collect(Collectors.toSet());
        var cache = caches.open(cacheName);
        for (CacheRequest stored : cache.keys()) {
            if (!current.contains(stored.url())) {
                cache.delete(stored, QueryOptions.DEFAULT);
            }
        }
    }

    /** Workbox's {@code cleanupOutdatedCaches}: deletes every other precache; returns their names. */
    public static List<String> cleanupOutdatedCaches(CacheStorage caches, String currentCacheName) {
        List<String> deleted = new ArrayList<>();
        for (String name : caches.keys()) {
            if (name.startsWith(CACHE_PREFIX) && !name.equals(currentCacheName) && caches.delete(name)) {
                deleted.add(name);
            }
        }
        return deleted;
    }

    /** The response stored for {@code url} in any cache of the origin (Workbox's {@code matchPrecache}, widened). */
    public static Optional<CacheResponse> matchAnywhere(CacheStorage caches, String url) {
        return caches.match(CacheRequest.get(url), QueryOptions.DEFAULT, null);
    }

    private static CacheResponse withRevision(CacheResponse response, String revision) {
        List<Map.Entry<String, String>> headers =
                new ArrayList<>(response.headers().fields());
        headers.removeIf(field -> field.getKey().equalsIgnoreCase(REVISION_HEADER));
        headers.add(Map.entry(REVISION_HEADER, revision));
        return new CacheResponse(
                response.status(), response.statusText(), Headers.of(headers), response.body(), response.url());
    }
}
