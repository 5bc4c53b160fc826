package dev.switchboard.push.rest;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.push.model.TopicMember;
import dev.switchboard.push.service.PushException;
import dev.switchboard.push.service.PushMessage;
import dev.switchboard.push.service.PushSender;
import dev.switchboard.push.service.TopicGroups;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * Named topics (fan-out groups, not RFC 8030's replacement {@code topic}): users join a topic, and a send to the
 * topic reaches every member as a send to that user does. Membership and sends are the backend's (a user does not
 * join a topic itself: a topic may stand for a privilege); readers may list the members.
 */
@Path("/push/topics/{topic}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Topics")
@Blocking
@RolesAllowed({Roles.ADMIN, Roles.PUBLISHER})
public class TopicResource {

    /** A member of a topic. */
    public record Member(String userId, long joinedAtEpochMillis) {}

    private final TopicGroups topics;
    private final PushSender sender;

    public TopicResource(TopicGroups topics, PushSender sender) {
        this.topics = topics;
        this.sender = sender;
    }

    @PUT
    @Path("/users/{userId}")
    @Operation(summary = "Add a user to the topic (201; 204 if already a member)")
    public Response join(@PathParam("topic") String topic, @PathParam("userId") String userId) {
        UserIds.validate(userId);
        return topics.join(topic, userId)
                ? Response.status(201).build()
                : Response.noContent().build();
    }

    @DELETE
    @Path("/users/{userId}")
    @Operation(summary = "Remove a user from the topic")
    public Response leave(@PathParam("topic") String topic, @PathParam("userId") String userId) {
        UserIds.validate(userId);
        if (!topics.leave(topic, userId)) {
            throw new PushException(ProblemType.NO_MEMBER, "user " + userId + " is not in topic " + topic);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/users")
    @RolesAllowed({Roles.ADMIN, Roles.PUBLISHER, Roles.READER})
    @Operation(summary = "The topic's members, by the time they joined")
    public List<Member> members(@PathParam("topic") String topic) {
        return topics.members(topic).stream()
                .map(member -> new Member(member.userId(), member.joinedAtEpochMillis()))
                .toList();
    }

    @POST
    @Path("/messages")
    @ResponseStatus(202)
    @Operation(summary = "Push a message to every member of the topic (each as a send to that user)")
    public Uni<MessageResource.SendResult> send(@PathParam("topic") String topic, PushMessage message) {
        List<String> userIds =
                topics.members(topic).stream().map(TopicMember::userId).toList();
        return sender.toUsers(userIds, MessageResource.required(message)).map(MessageResource.SendResult::new);
    }
}
