package dev.switchboard.security;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 and 403 as JSON {@code {"error", "message"}}, like every other refusal of the services, instead of an empty
 * body: a caller sees whether the token is missing, not valid, or valid without the role the endpoint needs.
 */
public class AuthErrorMappers {

    private static final String CHALLENGE = "Bearer";

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e) {
        return unauthorized("unauthorized", "a bearer token is required (Authorization: Bearer <JWT>)");
    }

    @ServerExceptionMapper
    public Response invalid(AuthenticationFailedException e) {
        return unauthorized("invalid-token",
                "the bearer token is not valid: its signature, issuer, audience or expiry is wrong");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "the token does not carry a role this endpoint needs (docs/security.md)"
                : e.getMessage();
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "forbidden", "message", message)).build();
    }

    private static Response unauthorized(String code, String message) {
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).entity(Map.of("error", code, "message", message))
                .build();
    }
}
