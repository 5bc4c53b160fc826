package dev.switchboard.cache.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.switchboard.cache.api.CacheException;
import dev.switchboard.contract.problem.Problem;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.security.ProblemResponses;

/**
 * A Cache API rejection as the problem of its kind, the DOMException or TypeError the browser would reject with;
 * every other refusal is a problem of the shared mappers (switchboard-security).
 */
public class CacheErrorMappers {

    @ServerExceptionMapper
    public Response cacheRejected(CacheException e) {
        return switch (e.kind()) {
            case TYPE_ERROR -> ProblemResponses.of(ProblemType.TYPE_ERROR, e.getMessage());
            case INVALID_STATE -> ProblemResponses.of(ProblemType.INVALID_STATE, e.getMessage());
            case QUOTA_EXCEEDED -> ProblemResponses.of(ProblemType.QUOTA_EXCEEDED, e.getMessage());
            case CONFLICT ->
                ProblemResponses.builder(Problem.of(ProblemType.BUSY, e.getMessage()))
                        .header("Retry-After", "1")
                        .build();
        };
    }
}
