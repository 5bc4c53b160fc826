package dev.switchboard.security;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 and 403 as problems ({@code unauthorized}, {@code invalid-token}, {@code forbidden}), like every other refusal
 * of the services, instead of an empty body: a caller sees whether the token is missing, not valid, or valid
 * without the role the endpoint needs.
 */
public class AuthErrorMappers {

    private static final String CHALLENGE = "Bearer";

    @ServerExceptionMapper
    public Response missing(UnauthorizedException e) {
        return unauthorized(ProblemType.UNAUTHORIZED, "a bearer token is required (Authorization: Bearer <JWT>)");
    }

    @ServerExceptionMapper
    public Response invalid(AuthenticationFailedException e) {
        return unauthorized(
                ProblemType.INVALID_TOKEN,
                "the bearer token is not valid: its signature, issuer, audience or expiry is wrong");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "the token does not carry a role this endpoint needs (docs/security.md)"
                : e.getMessage();
        return ProblemResponses.of(ProblemType.FORBIDDEN, message);
    }

    private static Response unauthorized(ProblemType type, String message) {
        return ProblemResponses.builder(Problem.of(type, message))
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .build();
    }
}
