package dev.switchboard.gateway.transport.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way a request is refused before it starts anything: an error frame with the code's HTTP status,
 * counted by reason ({@code switchboard_gateway_refused_total{reason}}).
 */
@ApplicationScoped
public class Refusals {

    private final Frames frames;
    private final MeterRegistry meters;

    public Refusals(Frames frames, MeterRegistry meters) {
        this.frames = frames;
        this.meters = meters;
    }

    public void refuse(RoutingContext context, ErrorCode code, String message) {
        meters.counter("switchboard.gateway.refused", "reason", code.wireName()).increment();
        HttpReplies.send(context, frames.error(code, message, null));
    }
}
