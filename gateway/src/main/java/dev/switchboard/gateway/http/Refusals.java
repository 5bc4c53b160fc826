package dev.switchboard.gateway.http;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.protocol.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * The one way a request is refused before it starts anything: the problem of the code (docs/errors.md), counted by
 * reason ({@code switchboard_gateway_refused_total{reason}}).
 */
@ApplicationScoped
public class Refusals {

    private final MeterRegistry meters;

    public Refusals(MeterRegistry meters) {
        this.meters = meters;
    }

    public void refuse(RoutingContext context, ErrorCode code, String message) {
        meters.counter("switchboard.gateway.refused", "reason", code.wireName()).increment();
        HttpReplies.refuse(context, code, message);
    }
}
