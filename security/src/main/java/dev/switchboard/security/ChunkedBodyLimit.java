package dev.switchboard.security;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A chunked body (no {@code Content-Length}) past {@code quarkus.http.limits.max-body-size} refused as a
 * {@code 413 too-large} problem, like one whose length is declared past it (HttpProblems). Quarkus REST would stop
 * reading it at the limit and answer 413 with no body, out of reach of every exception mapper; read here instead,
 * up to the limit, the body fails the route with 413, which HttpProblems answers, and a body within it is what
 * Quarkus REST reads (from {@code RoutingContext.body()}, so it is read once). The gateway does not use this: its
 * routes read their bodies with limits of their own.
 */
@ApplicationScoped
public class ChunkedBodyLimit {

    /** Before Quarkus' own size check (order -2) and HttpProblems' check of a declared length (-3). */
    private static final int ORDER = -4;

    private final Optional<MemorySize> maxBodySize;

    public ChunkedBodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    void register(@Observes Router router) {
        maxBodySize.ifPresent(limit -> {
            BodyHandler reader = BodyHandler.create(false).setBodyLimit(limit.asLongValue());
            router.route().order(ORDER).handler(context -> {
                if (chunked(context.request())) {
                    reader.handle(context);
                } else {
                    context.next();
                }
            });
        });
    }

    private static boolean chunked(HttpServerRequest request) {
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null
                && encoding.toLowerCase(Locale.ROOT).contains("chunked")
                && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null;
    }
}
