package dev.switchboard.outbound;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/** The service's one {@link OutboundHttp}, from {@code switchboard.outbound.*}; a malformed setting fails start-up. */
public class OutboundHttpProducer {

    @Produces
    @Singleton
    @Startup
    OutboundHttp outbound(Vertx vertx, OutboundSettings settings) {
        return OutboundHttp.create(vertx, OutboundPolicy.of(settings));
    }

    void close(@Disposes OutboundHttp outbound) {
        outbound.close();
    }
}
