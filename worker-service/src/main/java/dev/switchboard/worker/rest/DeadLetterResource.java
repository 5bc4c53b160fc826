package dev.switchboard.worker.rest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.contract.security.Roles;
import dev.switchboard.worker.messaging.DeadLetterReplay;
import io.smallrye.common.annotation.Blocking;

/**
 * The events workers could not handle ({@code switchboard.events.dead-letter}): list what has not been replayed
 * yet, and replay it to the events topic, where it is handled again. docs/operations.md, "Dead letters".
 *
 * <p>
 * Admin only, reading too: a dead letter is a user's event as it was, payload and all (docs/security.md).
 */
@Path("/admin/dead-letters")
@Tag(name = "dead letters")
@Blocking
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    /** Most records one call lists or replays. */
    static final int MAX_BATCH = 10_000;

    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The dead letters not replayed yet, with why each failed (oldest first per partition)")
    @APIResponse(responseCode = "400", description = "max outside 1..10000")
    public List<DeadLetterReplay.Letter> list(@QueryParam("max") @DefaultValue("100") int max) {
        return replay.list(checked(max));
    }

    @POST
    @Path("/replay")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay up to max dead letters to the events topic, as they originally were")
    @APIResponse(responseCode = "200", description = "{\"replayed\": n}")
    @APIResponse(responseCode = "409", description = "another replay is running in the cluster")
    public Response replay(@QueryParam("max") @DefaultValue("100") int max) {
        return replay.replay(checked(max))
                .map(count -> Response.ok(Map.of("replayed", count)).build())
                .orElseThrow(() ->
                        new ProblemException(ProblemType.REPLAY_RUNNING, "another dead-letter replay is running"));
    }

    private static int checked(int max) {
        if (max < 1 || max > MAX_BATCH) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "max must be 1 to " + MAX_BATCH);
        }
        return max;
    }
}
