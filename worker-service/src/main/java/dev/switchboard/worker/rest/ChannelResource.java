package dev.switchboard.worker.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.worker.messaging.WorkerOutbox;
import dev.switchboard.worker.scope.ChannelPublisher;
import io.cloudevents.CloudEvent;
import io.opentelemetry.context.Context;

/**
 * The server's publish to a channel (docs/protocol.md, "Channels"): the body, any JSON, reaches every subscriber
 * of the channel on every gateway node. Publishers and admins only; the namespace's client publish rule does not
 * apply to them, so they may write to a user's private {@code user:<userId>} channel (docs/security.md).
 */
@Path("/channels/{channel}/publications")
@Tag(name = "channels")
@RolesAllowed({Roles.ADMIN, Roles.PUBLISHER})
public class ChannelResource {

    private final ChannelPublisher publisher;
    private final WorkerOutbox outbox;
    private final ObjectMapper json;

    public ChannelResource(ChannelPublisher publisher, WorkerOutbox outbox, ObjectMapper json) {
        this.publisher = publisher;
        this.outbox = outbox;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish the JSON body to a channel; answered once it is durably in Kafka")
    @APIResponse(
            responseCode = "202",
            description = "{\"eventId\": \"…\"}: the publication's id, as subscribers see it")
    @APIResponse(responseCode = "400", description = "not a valid channel name (bad-request), or the body is not JSON")
    @APIResponse(responseCode = "404", description = "the channel's namespace is not configured (unknown-channel)")
    @APIResponse(responseCode = "413", description = "larger than switchboard.channels.max-publication-bytes")
    @APIResponse(responseCode = "503", description = "Kafka did not take it (not-accepted): send it again")
    public CompletionStage<Response> publish(@PathParam("channel") String channel, byte[] body) {
        byte[] value = asJson(body);
        CloudEvent publication;
        try {
            publication = publisher.publication(channel, value);
        } catch (ChannelPublisher.Refused e) {
            throw new ProblemException(e.problem(), e.getMessage());
        }
        return outbox.publish(List.of(publication), Context.current()).handle((done, failure) -> {
            if (failure != null) {
                throw new ProblemException(
                        ProblemType.NOT_ACCEPTED, "the publication was not accepted by Kafka, send it again", failure);
            }
            return Response.accepted(Map.of("eventId", publication.getId())).build();
        });
    }

    /** The body as one JSON value written anew: what reaches subscribers is JSON, whatever trails the value. */
    private byte[] asJson(byte[] body) {
        JsonNode value;
        try {
            value = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.BAD_JSON, "the body is not JSON");
        }
        if (value == null || value.isMissingNode()) {
            throw new ProblemException(ProblemType.BAD_JSON, "the body is the publication: any JSON value");
        }
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }
}
