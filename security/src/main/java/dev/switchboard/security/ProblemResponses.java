package dev.switchboard.security;

import jakarta.ws.rs.core.Response;

import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;

/** A problem as a JAX-RS answer: its status, {@code application/problem+json}, the RFC 9457 body. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(ProblemType type, String detail) {
        return builder(Problem.of(type, detail)).build();
    }

    /** For an answer that needs more headers ({@code Retry-After}, {@code WWW-Authenticate}). */
    public static Response.ResponseBuilder builder(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.json());
    }
}
