package dev.switchboard.contract.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Problems on the HTTP server every service runs (Vert.x under Quarkus): the one way a problem is written, and the
 * answers the router gives by itself made problems too: no route (404), a route without the method (405), a body
 * declared larger than {@code quarkus.http.limits.max-body-size} (413; a chunked one is read against the limit by
 * the security module's ChunkedBodyLimit, or a gateway route's own body handler, and fails its route with 413), and
 * a failure no route's own handler answered (its status, else 500). Errors of HTTP parsing itself (a broken request
 * line, headers past their limits) are answered by Vert.x before any route, without a body (docs/errors.md).
 */
@ApplicationScoped
public class HttpProblems {

    /** Before Quarkus' own size check (order -2), which answers 413 without a body. */
    private static final int BODY_SIZE_ORDER = -3;
    /** After every route's own failure handler, before Quarkus' catch-all (the last route). */
    private static final int FAILURE_ORDER = Integer.MAX_VALUE - 1;

    private final Optional<MemorySize> maxBodySize;

    public HttpProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    /** Writes {@code problem} as the answer, unless an answer is already on its way. */
    public static void send(RoutingContext context, Problem problem) {
        if (context.response().ended()
                || context.response().closed()
                || context.response().headWritten()) {
            return;
        }
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(problem.json());
    }

    public static void send(RoutingContext context, ProblemType type, String detail) {
        send(context, Problem.of(type, detail));
    }

    void register(@Observes Router router) {
        maxBodySize.ifPresent(limit ->
                router.route().order(BODY_SIZE_ORDER).handler(context -> refuseLarge(context, limit.asLongValue())));
        router.errorHandler(
                404,
                context -> send(
                        context,
                        ProblemType.NOT_FOUND,
                        "nothing is served at " + context.request().path()));
        router.errorHandler(
                405,
                context -> send(
                        context,
                        ProblemType.METHOD_NOT_ALLOWED,
                        context.request().method() + " is not allowed on "
                                + context.request().path()));
        router.route().order(FAILURE_ORDER).failureHandler(HttpProblems::failed);
    }

    private static void refuseLarge(RoutingContext context, long limit) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parsed(length) > limit) {
            closeAfterAnswer(context);
            send(context, ProblemType.TOO_LARGE, "the body is larger than " + limit + " bytes");
        } else {
            context.next();
        }
    }

    /** The body is not read (to its end): the connection cannot carry another request after the answer. */
    private static void closeAfterAnswer(RoutingContext context) {
        context.response()
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ended -> context.request().connection().close());
    }

    private static long parsed(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request's path only in the log: a query can hold a connect ticket. */
    private static void failed(RoutingContext context) {
        if (context.response().headWritten()) {
            // Mid-answer (a stream, say): nothing can be said any more but that it is over.
            if (!context.response().ended()) {
                context.response().close();
            }
            return;
        }
        int status = context.statusCode() > 0 ? context.statusCode() : 500;
        if (status >= 500) {
            Log.errorf(
                    context.failure(),
                    "%s %s failed",
                    context.request().method(),
                    context.request().path());
        }
        if (status == 413) {
            // Like a body refused from its declared length: what is left of it is not read, so the connection ends.
            closeAfterAnswer(context);
        }
        String detail = status >= 500
                ? "the request failed on this node; it is logged"
                : context.failure() != null && context.failure().getMessage() != null
                        ? context.failure().getMessage()
                        : HttpResponseStatus.valueOf(status).reasonPhrase();
        send(
                context,
                Problem.ofStatus(status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail));
    }
}
