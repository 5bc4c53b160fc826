package dev.switchboard.cache.api.hazelcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheException;
import dev.switchboard.cache.api.CacheException.Kind;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheResponse;
import dev.switchboard.cache.api.CacheUrls;
import dev.switchboard.cache.api.QueryOptions;

/** A handle on one cache: its origin and cache id. The name is not needed, so a deleted name does not break it. */
final class HazelcastCache implements Cache {

    /** A request/response pair about to be stored, with its index entry. */
    private record Pending(CacheRequest request, IndexEntry entry, CacheResponse response) {}

    private final Grid grid;
    private final String origin;
    private final String cacheId;

    HazelcastCache(Grid grid, String origin, String cacheId) {
        this.grid = grid;
        this.origin = origin;
        this.cacheId = cacheId;
    }

    @Override
    public Optional<CacheResponse> match(CacheRequest request, QueryOptions options) {
        Optional<CacheResponse> found = find(absolute(request), options);
        if (found.isEmpty()) {
            grid.listener.miss(origin);
        }
        return found;
    }

    /** The first match of an absolute query, counting a hit; CacheStorage.match asks several caches for one lookup. */
    Optional<CacheResponse> find(CacheRequest query, QueryOptions options) {
        for (IndexEntry entry : (Iterable<IndexEntry>) matching(query, options)::iterator) {
            CacheResponse response = grid.load(entry.entryId());
            if (response != null) {
                grid.touch(entry.entryId());
                grid.listener.hit(origin);
                return Optional.of(response);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<CacheResponse> matchAll(CacheRequest request, QueryOptions options) {
        Stream<IndexEntry> entries =
                request == null ? Arrays.stream(index().entries()) : matching(absolute(request), options);
        List<CacheResponse> responses = new ArrayList<>();
        entries.forEach(entry -> {
            CacheResponse response = grid.load(entry.entryId());
            if (response != null) {
                grid.touch(entry.entryId());
                responses.add(response);
            }
        });
        if (request != null) {
            if (responses.isEmpty()) {
                grid.listener.miss(origin);
            } else {
                grid.listener.hit(origin);
            }
        }
        return responses;
    }

    @Override
    public void add(CacheRequest request) {
        addAll(java.util.Collections.singletonList(request));
    }

    @Override
    public void addAll(List<CacheRequest> requests) {
        if (requests == null) {
            throw typeError("addAll needs a list of requests");
        }
        List<CacheRequest> absolute = requests.stream().map(this::absolute).toList();
        for (CacheRequest request : absolute) {
            if (!"GET".equals(request.method())) {
                throw typeError("add/addAll fetch GET requests only, not " + request.method() + " " + request.url());
            }
        }
        List<Pending> batch = new ArrayList<>();
        for (CacheRequest request : absolute) {
            CacheResponse response = grid.upstream.fetch(request);
            if (!response.ok()) {
                throw typeError(
                        request.url() + " answered " + response.status() + ": add/addAll store ok responses only");
            }
            batch.add(pending(request, response));
        }
        store(batch);
    }

    @Override
    public void put(CacheRequest request, CacheResponse response) {
        if (response == null) {
            throw typeError("put needs a response");
        }
        CacheRequest absolute = absolute(request);
        if (!"GET".equals(absolute.method())) {
            throw typeError("only GET requests can be cached, not " + absolute.method());
        }
        store(List.of(pending(absolute, response)));
    }

    @Override
    public boolean delete(CacheRequest request, QueryOptions options) {
        CacheRequest query = absolute(request);
        if (!options.ignoreMethod() && !"GET".equals(query.method())) {
            return false;
        }
        CacheIndex before = Atomically.update(
                grid.indexes,
                cacheId,
                current -> {
                    if (current == null
                            || Arrays.stream(current.entries())
                                    .noneMatch(entry -> Queries.matches(query, entry, options))) {
                        return current;
                    }
                    return new CacheIndex(Arrays.stream(current.entries())
                            .filter(entry -> !Queries.matches(query, entry, options))
                            .toArray(IndexEntry[]::new));
                },
                grid.limits.maxUpdateAttempts());
        List<IndexEntry> removed = before == null
                ? List.of()
                : Arrays.stream(before.entries())
                        .filter(entry -> Queries.matches(query, entry, options))
                        .toList();
        grid.free(origin, removed);
        return !removed.isEmpty();
    }

    @Override
    public List<CacheRequest> keys(CacheRequest request, QueryOptions options) {
        Stream<IndexEntry> entries =
                request == null ? Arrays.stream(index().entries()) : matching(absolute(request), options);
        return entries.map(entry -> new CacheRequest("GET", entry.url(), entry.requestHeaders()))
                .toList();
    }

    private Stream<IndexEntry> matching(CacheRequest query, QueryOptions options) {
        if (!options.ignoreMethod() && !"GET".equals(query.method())) {
            return Stream.empty();
        }
        return Arrays.stream(index().entries()).filter(entry -> Queries.matches(query, entry, options));
    }

    private CacheIndex index() {
        CacheIndex index = grid.indexes.get(cacheId);
        return index == null ? CacheIndex.EMPTY : index;
    }

    private CacheRequest absolute(CacheRequest request) {
        if (request == null) {
            throw typeError("a request is required");
        }
        return new CacheRequest(request.method(), CacheUrls.resolve(origin, request.url()), request.headers());
    }

    private Pending pending(CacheRequest request, CacheResponse response) {
        if (response.status() != 0 && (response.status() < 200 || response.status() > 599)) {
            throw typeError("no Response can have status " + response.status() + " (0 or 200-599)");
        }
        if (response.status() == 206) {
            throw typeError("a partial response (206) cannot be cached: " + request.url());
        }
        String vary = response.headers().get("Vary");
        if (Queries.varyStar(vary)) {
            throw typeError("a response with Vary: * can never match, so it cannot be cached: " + request.url());
        }
        if (response.body().length > grid.limits.maxBodyBytes()) {
            throw new CacheException(
                    Kind.QUOTA_EXCEEDED,
                    "the body of " + request.url() + " has " + response.body().length + " bytes; the limit is "
                            + grid.limits.maxBodyBytes());
        }
        long bytes = response.body().length
                + response.headers().size()
                + request.headers().size()
                + request.url().length()
                + response.url().length()
                + response.statusText().length();
        if (bytes > grid.limits.quotaBytes()) {
            throw new CacheException(
                    Kind.QUOTA_EXCEEDED,
                    request.url() + " needs " + bytes + " bytes; the origin's quota is " + grid.limits.quotaBytes());
        }
        String[][] headers = IndexEntry.split(request.headers());
        return new Pending(
                request,
                new IndexEntry(UUID.randomUUID().toString(), request.url(), headers[0], headers[1], vary, bytes),
                response);
    }

    /**
     * Stores a batch all-or-nothing: bodies first (invisible), then one compare-and-set of the index that replaces
     * what each request matches and appends the new entries; only then are replaced entries freed.
     */
    private void store(List<Pending> batch) {
        for (int i = 0; i < batch.size(); i++) {
            for (int j = 0; j < i; j++) {
                Pending earlier = batch.get(j);
                if (Queries.matches(batch.get(i).request(), earlier.entry(), QueryOptions.DEFAULT)) {
                    throw new CacheException(
                            Kind.INVALID_STATE,
                            "addAll was given " + earlier.request().url() + " twice");
                }
            }
        }
        List<IndexEntry> added = batch.stream().map(Pending::entry).toList();
        CacheIndex before;
        try {
            batch.forEach(pending -> grid.store(origin, cacheId, pending.entry(), pending.response()));
            before = Atomically.update(
                    grid.indexes, cacheId, current -> withBatch(current, batch), grid.limits.maxUpdateAttempts());
        } catch (RuntimeException e) {
            grid.discard(added);
            throw e;
        }
        Set<String> kept = new HashSet<>();
        Arrays.stream(withBatch(before, batch).entries()).forEach(entry -> kept.add(entry.entryId()));
        List<IndexEntry> replaced = before == null
                ? List.of()
                : Arrays.stream(before.entries())
                        .filter(entry -> !kept.contains(entry.entryId()))
                        .toList();
        grid.addUsage(origin, added.stream().mapToLong(IndexEntry::bytes).sum());
        grid.free(origin, replaced);
        grid.evictIfOverQuota(origin, added.stream().map(IndexEntry::entryId).collect(Collectors.toSet()));
    }

    private CacheIndex withBatch(CacheIndex current, List<Pending> batch) {
        List<IndexEntry> entries =
                new ArrayList<>(Arrays.asList((current == null ? CacheIndex.EMPTY : current).entries()));
        for (Pending pending : batch) {
            entries.removeIf(entry -> Queries.matches(pending.request(), entry, QueryOptions.DEFAULT));
            entries.add(pending.entry());
        }
        if (entries.size() > grid.limits.maxEntriesPerCache()) {
            throw new CacheException(
                    Kind.QUOTA_EXCEEDED, "a cache holds at most " + grid.limits.maxEntriesPerCache() + " entries");
        }
        return new CacheIndex(entries.toArray(IndexEntry[]::new));
    }

    private static CacheException typeError(String message) {
        return new CacheException(Kind.TYPE_ERROR, message);
    }
}
