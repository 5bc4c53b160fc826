package dev.switchboard.push.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.push.service.PushException;
import dev.switchboard.push.service.PushMessage;
import dev.switchboard.push.service.PushSender;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** The send API: 202 once every message is durable in Kafka; delivery follows asynchronously. The backend sends. */
@Path("/push")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Send")
@Blocking
@RolesAllowed({Roles.ADMIN, Roles.PUBLISHER})
public class MessageResource {

    /** The messages accepted: one per target subscription. */
    public record SendResult(List<PushSender.Accepted> messages) {}

    private final PushSender sender;

    public MessageResource(PushSender sender) {
        this.sender = sender;
    }

    @POST
    @Path("/subscriptions/{subscriptionId}/messages")
    @ResponseStatus(202)
    @Operation(summary = "Push a message to one subscription")
    public Uni<SendResult> toSubscription(@PathParam("subscriptionId") String subscriptionId, PushMessage message) {
        return sender.toSubscription(subscriptionId, required(message)).map(SendResult::new);
    }

    @POST
    @Path("/users/{userId}/messages")
    @ResponseStatus(202)
    @Operation(summary = "Push a message to every subscription of a user")
    public Uni<SendResult> toUser(@PathParam("userId") String userId, PushMessage message) {
        UserIds.validate(userId);
        return sender.toUser(userId, required(message)).map(SendResult::new);
    }

    static PushMessage required(PushMessage message) {
        if (message == null) {
            throw new PushException(ProblemType.MISSING_BODY, "a JSON body {payload, ttl, urgency, topic} is required");
        }
        return message;
    }
}
