package dev.switchboard.gateway.transport.http;

import dev.switchboard.gateway.protocol.ServerFrame;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** The one way an HTTP answer leaves the gateway: a frame as JSON, its status derived from the frame. */
public final class HttpReplies {

    private HttpReplies() {
    }

    public static void send(RoutingContext context, ServerFrame frame) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        context.response().setStatusCode(frame.isError() ? frame.error().httpStatus() : 202)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(frame.json());
    }
}
