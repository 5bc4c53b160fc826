package dev.switchboard.gateway.http;

import dev.switchboard.contract.problem.HttpProblems;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.ServerFrame;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way an HTTP answer of the client routes leaves the gateway: a frame as JSON (202), nothing (204) when the
 * answer went down the client's own stream (a channel subscription's frames), or, for an error, the problem of its
 * code (docs/errors.md).
 */
public final class HttpReplies {

    private HttpReplies() {}

    public static void send(RoutingContext context, ServerFrame frame) {
        if (frame != null && frame.isError()) {
            refuse(context, frame.error(), frame.errorMessage());
            return;
        }
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        if (frame == null) {
            context.response().setStatusCode(204).end();
            return;
        }
        context.response()
                .setStatusCode(202)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(frame.json());
    }

    public static void refuse(RoutingContext context, ErrorCode code, String message) {
        HttpProblems.send(context, code.problem(), message);
    }
}
