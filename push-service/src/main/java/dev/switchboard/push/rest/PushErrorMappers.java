package dev.switchboard.push.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.switchboard.push.config.PushConfig;
import dev.switchboard.push.service.PushException;
import dev.switchboard.security.ProblemResponses;

/**
 * push-service's refusals as problems, like every service's (switchboard-security's mappers), with a
 * {@code Retry-After} ({@code switchboard.push.retry-after}) on a 503: {@code busy} and {@code not-accepted} say
 * "try again", and this says when.
 */
public class PushErrorMappers {

    private static final int UNAVAILABLE = 503;

    private final String retryAfterSeconds;

    public PushErrorMappers(PushConfig config) {
        this.retryAfterSeconds = String.valueOf(seconds(config));
    }

    @ServerExceptionMapper
    public Response refused(PushException e) {
        Response.ResponseBuilder answer = ProblemResponses.builder(e.problem());
        if (e.status() == UNAVAILABLE) {
            answer.header("Retry-After", retryAfterSeconds);
        }
        return answer.build();
    }

    /** Retry-After is in whole seconds (RFC 9110 section 10.2.3): rounded up, so that it is never shorter. */
    private static long seconds(PushConfig config) {
        long millis = config.retryAfter().toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
