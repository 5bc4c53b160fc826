package dev.switchboard.cache.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.switchboard.cache.api.CacheException;

/** Every failure of the Cache HTTP API as JSON {@link ApiError} with the status that says who must act. */
public class CacheErrorMappers {

    @ServerExceptionMapper
    public Response cacheRejected(CacheException e) {
        return switch (e.kind()) {
            case TYPE_ERROR -> error(Response.Status.BAD_REQUEST, "type-error", e.getMessage());
            case INVALID_STATE -> error(Response.Status.CONFLICT, "invalid-state", e.getMessage());
            case QUOTA_EXCEEDED -> error(Response.Status.REQUEST_ENTITY_TOO_LARGE, "quota-exceeded", e.getMessage());
            case CONFLICT -> Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, "busy", e.getMessage()))
                    .header("Retry-After", "1").build();
        };
    }

    @ServerExceptionMapper
    public Response badInput(BadInputException e) {
        return error(Response.Status.BAD_REQUEST, "bad-request", e.getMessage());
    }

    /**
     * The framework's own rejections (unreadable JSON, unknown path, wrong method) as JSON too; answers that
     * already carry a body pass unchanged.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        Response given = e.getResponse();
        if (given.hasEntity()) {
            return given;
        }
        Throwable cause = e.getCause() instanceof JsonProcessingException json ? json : e;
        String code = given.getStatus() == 400 && cause instanceof JsonProcessingException ? "bad-json"
                : given.getStatusInfo().getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return Response.status(given.getStatus()).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, cause.getMessage())).build();
    }

    static Response error(Response.Status status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(code, message)).build();
    }
}
