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

import dev.switchboard.push.model.Subscription;
import dev.switchboard.push.service.PushException;
import dev.switchboard.push.service.SubscriptionStore;
import io.smallrye.common.annotation.Blocking;

@Path("/push/users/{userId}/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriptions")
@Blocking
public class SubscriptionResource {

    private final SubscriptionStore subscriptions;

    public SubscriptionResource(SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Operation(summary = "Store a browser's PushSubscription for the user (the same endpoint again replaces it)")
    public Response subscribe(@PathParam("userId") String userId, PushSubscriptionJson body) {
        UserIds.validate(userId);
        if (body == null) {
            throw PushException.invalid("missing-body", "a PushSubscription JSON body is required");
        }
        PushSubscriptionJson.Keys keys = body.keys() == null ? new PushSubscriptionJson.Keys(null, null) : body.keys();
        Subscription stored = subscriptions.subscribe(userId, new SubscriptionStore.NewSubscription(body.endpoint(),
                body.expirationTime(), keys.p256dh(), keys.auth(), body.applicationServerKey(), body.registration()));
        return Response.created(URI.create("/push/users/" + userId + "/subscriptions/" + stored.id()))
                .entity(PushSubscriptionJson.of(stored)).build();
    }

    @GET
    @Operation(summary = "The user's subscriptions, oldest first")
    public List<PushSubscriptionJson> list(@PathParam("userId") String userId) {
        UserIds.validate(userId);
        return subscriptions.forUser(userId).stream().map(PushSubscriptionJson::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription of the user")
    public PushSubscriptionJson get(@PathParam("userId") String userId, @PathParam("id") String id) {
        return subscriptions.find(userId, id).map(PushSubscriptionJson::of).orElseThrow(() -> notFound(userId, id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a subscription (the browser unsubscribed)")
    public Response unsubscribe(@PathParam("userId") String userId, @PathParam("id") String id) {
        if (!subscriptions.unsubscribe(userId, id)) {
            throw notFound(userId, id);
        }
        return Response.noContent().build();
    }

    private static PushException notFound(String userId, String id) {
        return new PushException(PushException.Kind.NOT_FOUND, "no-subscription",
                "user " + userId + " has no subscription " + id);
    }
}
