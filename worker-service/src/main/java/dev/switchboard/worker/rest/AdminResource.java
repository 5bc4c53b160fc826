package dev.switchboard.worker.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.worker.bundle.BundleSignatures;
import dev.switchboard.worker.bundle.InvalidBundleException;
import dev.switchboard.worker.config.WorkerConfig;
import dev.switchboard.worker.lifecycle.Lifecycle;
import dev.switchboard.worker.lifecycle.RegistrationException;
import dev.switchboard.worker.lifecycle.Scopes;
import dev.switchboard.worker.runtime.WorkerRuntime;
import io.smallrye.common.annotation.Blocking;

/**
 * The admin API of service workers: publish bundles, register scopes, update and unregister. Every answer
 * about a registration is its {@link RegistrationRecord} as the cluster holds it. docs/lifecycle.md.
 *
 * <p>
 * Bundles are code that runs in every worker JVM, so every change needs {@code switchboard-admin}; reading the
 * registrations needs {@code switchboard-reader} or admin (docs/security.md).
 */
@Path("/admin")
@Tag(name = "service workers")
@Blocking
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    /**
     * What {@code POST /admin/registrations} takes: the browser's {@code register(scriptUrl, {scope})}, and
     * {@code crossUserClients}: true grants the registration's handlers every user's clients in
     * {@code self.clients()}, false revokes it, absent keeps what the registration holds (none for a new one).
     */
    public record RegisterRequest(
            String scriptUrl, String scope, String allowedScope, String upstreamOrigin, Boolean crossUserClients) {}

    public record Published(String scriptUrl, String digest) {}

    private final WorkerRuntime runtime;
    private final OutboundPolicy outbound;
    private final BundleSignatures signatures;
    private final IMap<String, RegistrationRecord> registrations;
    private final int maxRegistrations;

    public AdminResource(
            WorkerRuntime runtime,
            OutboundHttp outbound,
            BundleSignatures signatures,
            HazelcastInstance hazelcast,
            WorkerConfig config) {
        this.runtime = runtime;
        this.outbound = outbound.policy();
        this.signatures = signatures;
        this.registrations = hazelcast.getMap(HazelcastNames.REGISTRATIONS);
        this.maxRegistrations = config.maxRegistrations();
    }

    @POST
    @Path("/bundles")
    @Consumes({"application/java-archive", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a bundle (jar bytes) under a script URL; answers its digest, the version id")
    @APIResponse(responseCode = "400", description = "not a jar, no ServiceWorker named, or a builtin: script URL")
    @APIResponse(responseCode = "403", description = "a signing key is configured and the bundle is not signed by it")
    @APIResponse(
            responseCode = "413",
            description = "past a limit: max-bytes, max-entries, max-entry-bytes, max-inflated-bytes")
    @APIResponse(responseCode = "507", description = "the cluster holds switchboard.worker.bundles.max-stored bundles")
    public Published publish(
            @QueryParam("script") String scriptUrl,
            @HeaderParam(BundleSignatures.HEADER) String signature,
            byte[] jar) {
        if (scriptUrl == null || scriptUrl.isBlank()) {
            throw new ProblemException(
                    ProblemType.BAD_REQUEST, "the 'script' query parameter (the script URL) is required");
        }
        if (jar == null || jar.length == 0) {
            throw new InvalidBundleException("the request body must be the bundle's jar bytes");
        }
        signatures.verify(jar, signature);
        return new Published(scriptUrl, runtime.bundles().publish(scriptUrl, jar));
    }

    @POST
    @Path("/registrations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary =
                    "register(scriptUrl, {scope}): the scope's registration, installing the script's current bundle if new;"
                            + " crossUserClients grants (true) or revokes (false) its handlers' view of every user's clients")
    @APIResponse(responseCode = "400", description = "a TypeError or SecurityError of the browser's scope rules")
    @APIResponse(responseCode = "404", description = "no bundle published under the script URL")
    @APIResponse(responseCode = "409", description = "another version of the registration is still installing")
    @APIResponse(responseCode = "507", description = "a new scope past switchboard.worker.max-registrations")
    public RegistrationRecord register(RegisterRequest request) {
        if (request == null
                || request.scriptUrl() == null
                || request.scriptUrl().isBlank()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'scriptUrl' is required");
        }
        checkUpstream(request.upstreamOrigin());
        checkRoom(request);
        return runtime.lifecycle()
                .register(
                        request.scriptUrl(),
                        request.scope(),
                        request.allowedScope(),
                        request.upstreamOrigin(),
                        request.crossUserClients());
    }

    @GET
    @Path("/registrations")
    @RolesAllowed({Roles.ADMIN, Roles.READER})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "getRegistrations(), or getRegistration(url) with ?url=")
    public List<RegistrationRecord> registrations(@QueryParam("url") String url) {
        if (url != null && !url.isBlank()) {
            return runtime.lifecycle().forUrl(url).map(List::of).orElse(List.of());
        }
        return runtime.lifecycle().list();
    }

    @GET
    @Path("/registrations/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.READER})
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", description = "no such registration")
    public RegistrationRecord registration(@PathParam("id") String id) {
        return runtime.lifecycle().get(id).orElseThrow(() -> RegistrationException.noRegistration(id));
    }

    @POST
    @Path("/registrations/{id}/update")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "update(): installs the script's current bundle when its bytes differ from the newest version")
    @APIResponse(responseCode = "404", description = "no such registration, or no bundle under its script URL")
    @APIResponse(responseCode = "409", description = "another version is still installing")
    public RegistrationRecord update(@PathParam("id") String id) {
        return runtime.lifecycle().update(id);
    }

    @DELETE
    @Path("/registrations/{id}")
    @Operation(
            summary =
                    "unregister(): stops new events and clients at once; the registration is cleared once its in-flight events have finished")
    @APIResponse(responseCode = "204", description = "unregistered")
    @APIResponse(responseCode = "404", description = "no such registration")
    public Response unregister(@PathParam("id") String id) {
        if (!runtime.lifecycle().unregister(id)) {
            throw RegistrationException.noRegistration(id);
        }
        return Response.noContent().build();
    }

    /** A new scope past {@code switchboard.worker.max-registrations} is refused (507); existing ones still update. */
    private void checkRoom(RegisterRequest request) {
        if (registrations.size() < maxRegistrations) {
            return;
        }
        String id = Lifecycle.idOf(Scopes.resolve(request.scriptUrl(), request.scope(), request.allowedScope()));
        if (!registrations.containsKey(id)) {
            throw new ProblemException(
                    ProblemType.TOO_MANY_REGISTRATIONS,
                    "the cluster holds " + maxRegistrations
                            + " registrations (switchboard.worker.max-registrations); unregister one first");
        }
    }

    /**
     * What the outbound policy can tell of an upstream origin without DNS (an address literal, a metadata name, the
     * host allow-list): refused when registered rather than at every fetch; the resolved address is checked per fetch.
     */
    private void checkUpstream(String upstreamOrigin) {
        if (upstreamOrigin == null || upstreamOrigin.isBlank()) {
            return;
        }
        String host;
        try {
            host = new URI(upstreamOrigin.strip()).getHost();
        } catch (URISyntaxException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'upstreamOrigin' is not a URL: " + upstreamOrigin);
        }
        if (host == null) {
            throw new ProblemException(
                    ProblemType.BAD_REQUEST, "'upstreamOrigin' must be scheme://host[:port]: " + upstreamOrigin);
        }
        try {
            outbound.checkHost(host);
        } catch (OutboundException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'upstreamOrigin': " + e.getMessage());
        }
    }
}
