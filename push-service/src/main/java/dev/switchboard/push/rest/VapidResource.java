package dev.switchboard.push.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.switchboard.contract.security.Roles;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.model.VapidKey;
import dev.switchboard.push.service.VapidKeyStore;
import io.smallrye.common.annotation.Blocking;

/** VAPID keys: the public key is public (browsers subscribe with it, before any login); rotation is an operator's. */
@Path("/push/vapid")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "VAPID keys")
@Blocking
public class VapidResource {

    /** A VAPID public key: {@code publicKey} is what {@code pushManager.subscribe({applicationServerKey})} takes. */
    public record PublicKey(String keyId, String publicKey) {

        static PublicKey of(VapidKey key) {
            return new PublicKey(key.id(), Base64Url.encode(key.publicKey()));
        }
    }

    private final VapidKeyStore keys;

    public VapidResource(VapidKeyStore keys) {
        this.keys = keys;
    }

    @GET
    @Path("/public-key")
    @PermitAll
    @Operation(summary = "The current VAPID public key (base64url, uncompressed P-256 point) to subscribe with")
    public PublicKey publicKey() {
        return PublicKey.of(keys.current());
    }

    @POST
    @Path("/rotate")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Make a new key current for new subscriptions; existing ones keep the key they were made with")
    public PublicKey rotate() {
        return PublicKey.of(keys.rotate());
    }
}
