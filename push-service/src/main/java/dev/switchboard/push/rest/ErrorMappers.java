package dev.switchboard.push.rest;

import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.switchboard.push.service.PushException;

/** Turns refusals into a status and an {@link ApiError} body; nothing else leaks a stack trace to a caller. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response refused(PushException e) {
        Response.Status status = switch (e.kind()) {
            case INVALID -> Response.Status.BAD_REQUEST;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            case FORBIDDEN -> Response.Status.FORBIDDEN;
            case LIMIT -> Response.Status.CONFLICT;
            case TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
            case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
        };
        return error(status, e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "invalid-json", "the body is not the JSON expected: "
                + e.getOriginalMessage());
    }

    /** The framework's own refusals (a body that does not parse, an unknown path, a wrong method or media type). */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, e.getMessage())).build();
    }

    static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }
}
