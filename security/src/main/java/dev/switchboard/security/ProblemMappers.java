package dev.switchboard.security;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemException;
import dev.switchboard.contract.problem.ProblemType;
import io.quarkus.logging.Log;

/**
 * Every refusal of a service's JAX-RS API as an RFC 9457 problem (docs/errors.md): the services' own
 * {@link ProblemException}s, a body that is not the JSON expected, the framework's answers (unknown path, wrong
 * method or media type...), and a failure nothing else maps (500, logged; no stack trace leaves the service).
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return ProblemResponses.of(e.type(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return ProblemResponses.of(
                ProblemType.BAD_JSON, "the body is not the JSON expected: " + e.getOriginalMessage());
    }

    /** JSON of the wrong shape: mapped here, or Quarkus' own mapper of it would answer in a shape of its own. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    /** Keeps the framework's headers (a 405's {@code Allow}, say); the body becomes the problem. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response given = e.getResponse();
        Problem problem =
                Problem.ofStatus(given.getStatus(), given.getStatusInfo().getReasonPhrase(), e.getMessage());
        Response.ResponseBuilder answer = ProblemResponses.builder(problem);
        given.getStringHeaders().forEach((name, values) -> {
            if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                    && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    /** The request's path only in the log: its query may hold what does not belong there. */
    @ServerExceptionMapper
    public Response unexpected(Exception e, Request request, UriInfo uri) {
        Log.errorf(e, "%s %s failed", request.getMethod(), uri.getPath());
        return ProblemResponses.of(ProblemType.INTERNAL_ERROR, "the request failed on this node; it is logged");
    }
}
