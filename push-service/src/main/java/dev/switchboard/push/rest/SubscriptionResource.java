package dev.switchboard.push.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.push.model.Subscription;
import dev.switchboard.push.service.PushException;
import dev.switchboard.push.service.SubscriptionStore;
import dev.switchboard.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;

/**
 * A user's push subscriptions. A user's own token ({@code sub} = the path's user) manages that user's subscriptions
 * and no one else's, and cannot take over an endpoint another user holds; the backend ({@code switchboard-publisher})
 * and operators act for any user, readers may look.
 */
@Path("/push/users/{userId}/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
@Blocking
@Authenticated
public class SubscriptionResource {

    private static final String[] MANAGERS = {Roles.ADMIN, Roles.PUBLISHER};
    private static final String[] READERS = {Roles.ADMIN, Roles.PUBLISHER, Roles.READER};

    private final SubscriptionStore subscriptions;
    private final Caller caller;

    public SubscriptionResource(SubscriptionStore subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Store a browser's PushSubscription for the user (the same endpoint again replaces it)")
    public Response subscribe(@PathParam("userId") String userId, PushSubscriptionJson body) {
        UserIds.validate(userId);
        caller.actAs(userId, MANAGERS);
        if (body == null) {
            throw new PushException(ProblemType.MISSING_BODY, "a PushSubscription JSON body is required");
        }
        PushSubscriptionJson.Keys keys = body.keys() == null ? new PushSubscriptionJson.Keys(null, null) : body.keys();
        Subscription stored = subscriptions.subscribe(
                userId,
                new SubscriptionStore.NewSubscription(
                        body.endpoint(),
                        body.expirationTime(),
                        keys.p256dh(),
                        keys.auth(),
                        body.applicationServerKey(),
                        body.registration()),
                caller.hasAnyRole(MANAGERS));
        return Response.created(URI.create("/push/users/" + userId + "/subscriptions/" + stored.id()))
                .entity(PushSubscriptionJson.of(stored))
                .build();
    }

    @GET
    @Operation(summary = "The user's subscriptions, oldest first")
    public List<PushSubscriptionJson> list(@PathParam("userId") String userId) {
        UserIds.validate(userId);
        caller.actAs(userId, READERS);
        return subscriptions.forUser(userId).stream()
                .map(PushSubscriptionJson::of)
                .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription of the user")
    public PushSubscriptionJson get(@PathParam("userId") String userId, @PathParam("id") String id) {
        caller.actAs(userId, READERS);
        return subscriptions.find(userId, id).map(PushSubscriptionJson::of).orElseThrow(() -> notFound(userId, id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a subscription (the browser unsubscribed)")
    public Response unsubscribe(@PathParam("userId") String userId, @PathParam("id") String id) {
        caller.actAs(userId, MANAGERS);
        if (!subscriptions.unsubscribe(userId, id)) {
            throw notFound(userId, id);
        }
        return Response.noContent().build();
    }

    private static PushException notFound(String userId, String id) {
        return new PushException(ProblemType.NO_SUBSCRIPTION, "user " + userId + " has no subscription " + id);
    }
}
