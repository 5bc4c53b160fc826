package dev.switchboard.cache.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.switchboard.cache.api.Cache;
import dev.switchboard.cache.api.CacheRequest;
import dev.switchboard.cache.api.CacheStorage;
import dev.switchboard.cache.api.StorageEstimate;
import dev.switchboard.cache.api.hazelcast.HazelcastCacheStorages;
import dev.switchboard.cache.rest.CacheJson.AddAllJson;
import dev.switchboard.cache.rest.CacheJson.DeletedJson;
import dev.switchboard.cache.rest.CacheJson.PutJson;
import dev.switchboard.cache.rest.CacheJson.QueryJson;
import dev.switchboard.cache.rest.CacheJson.RequestJson;
import dev.switchboard.cache.rest.CacheJson.ResponseJson;
import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;

/**
 * {@code /storage}: the Cache API over HTTP for non-Java clients and tools, one origin per call ({@code ?origin=}).
 * Cache-level calls on a name that does not exist answer 404; only {@code PUT /storage/caches/{name}} creates.
 * Changes need {@code switchboard-publisher} (or admin); reads also {@code switchboard-reader} (docs/security.md).
 */
@Path("/storage")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cache API", description = "CacheStorage and Cache of one origin, cluster-wide")
@RolesAllowed({Roles.ADMIN, Roles.PUBLISHER})
public class CacheStorageResource {

    private final HazelcastCacheStorages storages;

    public CacheStorageResource(HazelcastCacheStorages storages) {
        this.storages = storages;
    }

    @GET
    @Path("/caches")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "caches.keys(): cache names in creation order")
    public List<String> names(
            @QueryParam("origin") @Parameter(required = true, example = "https://shop.example") String origin) {
        return storage(origin).keys();
    }

    @PUT
    @Path("/caches/{name}")
    @Operation(summary = "caches.open(name): creates the cache when absent")
    public Response open(@QueryParam("origin") String origin, @PathParam("name") String name) {
        storage(origin).open(name);
        return Response.noContent().build();
    }

    @GET
    @Path("/caches/{name}")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "caches.has(name) and cache.keys(): the cache's requests in insertion order, 404 when absent")
    public List<RequestJson> keysOf(@QueryParam("origin") String origin, @PathParam("name") String name) {
        return existing(origin, name).keys().stream().map(RequestJson::of).toList();
    }

    @DELETE
    @Path("/caches/{name}")
    @Operation(summary = "caches.delete(name): 204, or 404 when there was no such cache")
    public Response delete(@QueryParam("origin") String origin, @PathParam("name") String name) {
        if (!storage(origin).delete(name)) {
            throw noCache(name);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/match")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(
            summary =
                    "caches.match(request, {cacheName, ignoreSearch, ignoreMethod, ignoreVary}): the response, or 404")
    public Response matchAcrossCaches(@QueryParam("origin") String origin, QueryJson query) {
        QueryJson given = required(query);
        return storage(origin)
                .match(given.requiredRequest(), given.queryOptions(), given.cacheName())
                .map(response -> Response.ok(ResponseJson.of(response)).build())
                .orElseThrow(CacheStorageResource::noMatch);
    }

    @GET
    @Path("/estimate")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "navigator.storage.estimate(): the origin's usage and quota in bytes")
    public StorageEstimate estimate(@QueryParam("origin") String origin) {
        return storage(origin).estimate();
    }

    @POST
    @Path("/caches/{name}/match")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "cache.match(request, options): the first matching response, or 404")
    public Response match(@QueryParam("origin") String origin, @PathParam("name") String name, QueryJson query) {
        QueryJson given = required(query);
        return existing(origin, name)
                .match(given.requiredRequest(), given.queryOptions())
                .map(response -> Response.ok(ResponseJson.of(response)).build())
                .orElseThrow(CacheStorageResource::noMatch);
    }

    @POST
    @Path("/caches/{name}/match-all")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(
            summary =
                    "cache.matchAll(request?, options): matching responses in insertion order (all without a request)")
    public List<ResponseJson> matchAll(
            @QueryParam("origin") String origin, @PathParam("name") String name, QueryJson query) {
        QueryJson given = orMatchAll(query);
        return existing(origin, name).matchAll(given.optionalRequest(), given.queryOptions()).stream()
                .map(ResponseJson::of)
                .toList();
    }

    @POST
    @Path("/caches/{name}/keys")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "cache.keys(request?, options): matching requests in insertion order")
    public List<RequestJson> keys(
            @QueryParam("origin") String origin, @PathParam("name") String name, QueryJson query) {
        QueryJson given = orMatchAll(query);
        return existing(origin, name).keys(given.optionalRequest(), given.queryOptions()).stream()
                .map(RequestJson::of)
                .toList();
    }

    @POST
    @Path("/caches/{name}/put")
    @Operation(summary = "cache.put(request, response): replaces the entries the request matches")
    public Response put(@QueryParam("origin") String origin, @PathParam("name") String name, PutJson put) {
        if (put == null || put.request() == null || put.response() == null) {
            throw new BadInputException("request and response are required");
        }
        existing(origin, name).put(put.request().toRequest(), put.response().toResponse());
        return Response.noContent().build();
    }

    @POST
    @Path("/caches/{name}/add-all")
    @Operation(summary = "cache.addAll(requests): fetches every request from the upstream origin; stores all or none")
    public Response addAll(@QueryParam("origin") String origin, @PathParam("name") String name, AddAllJson add) {
        if (add == null || add.requests() == null) {
            throw new BadInputException("requests is required");
        }
        List<CacheRequest> requests = add.requests().stream()
                .map(request -> request == null ? null : request.toRequest())
                .toList();
        existing(origin, name).addAll(requests);
        return Response.noContent().build();
    }

    @POST
    @Path("/caches/{name}/delete")
    @Operation(summary = "cache.delete(request, options): whether an entry was removed")
    public DeletedJson deleteEntries(
            @QueryParam("origin") String origin, @PathParam("name") String name, QueryJson query) {
        QueryJson given = required(query);
        return new DeletedJson(existing(origin, name).delete(given.requiredRequest(), given.queryOptions()));
    }

    private CacheStorage storage(String origin) {
        if (origin == null || origin.isBlank()) {
            throw new BadInputException("the origin query parameter is required, e.g. ?origin=https://shop.example");
        }
        return storages.forOrigin(origin);
    }

    private Cache existing(String origin, String name) {
        CacheStorage storage = storage(origin);
        if (!storage.has(name)) {
            throw noCache(name);
        }
        return storage.open(name);
    }

    /** No body: every entry, default options. */
    private static QueryJson orMatchAll(QueryJson query) {
        return query == null ? new QueryJson(null, null, null) : query;
    }

    private static QueryJson required(QueryJson query) {
        if (query == null) {
            throw new BadInputException("a JSON body with a request is required");
        }
        return query;
    }

    private static ProblemException noCache(String name) {
        return new ProblemException(ProblemType.NO_CACHE, "no cache named '" + name + "'");
    }

    private static ProblemException noMatch() {
        return new ProblemException(ProblemType.NO_MATCH, "no cached response matches");
    }
}
