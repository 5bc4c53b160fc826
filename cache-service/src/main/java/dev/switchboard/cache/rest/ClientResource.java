package dev.switchboard.cache.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.switchboard.cache.config.CacheServiceConfig;
import dev.switchboard.cache.service.ClientRegistry;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.security.Roles;

/**
 * {@code /clients}: the connected clients, cluster-wide, as the registry in Hazelcast has them. Operators and
 * readers only: a client id is what a client presents to resume and to have its requests intercepted.
 */
@Path("/clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.READER})
public class ClientResource {

    private final ClientRegistry registry;
    private final CacheServiceConfig config;

    public ClientResource(ClientRegistry registry, CacheServiceConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @GET
    public List<ClientRecord> list(
            @QueryParam("userId") String userId, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > config.maxListSize()) {
            throw new BadRequestException("limit must be between 1 and " + config.maxListSize());
        }
        return registry.list(userId, limit);
    }

    @GET
    @Path("/{clientId}")
    public ClientRecord get(@PathParam("clientId") String clientId) {
        return registry.find(clientId).orElseThrow(() -> new NotFoundException("no client '" + clientId + "'"));
    }
}
