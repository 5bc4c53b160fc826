package dev.switchboard.gateway.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import io.quarkus.runtime.StartupEvent;

/**
 * Fails start-up when a message a client may send could not be put on Kafka: every payload limit of the gateway must
 * fit in a record with its envelope (fetch bodies beyond the inline limit travel by reference, so they need not
 * fit). That every producer takes records that large, and that a sync payload fits, is checked in every service
 * ({@code SharedSettingsCheck} in the contract).
 */
@ApplicationScoped
public class RecordSizeCheck {

    void check(@Observes @Priority(1) StartupEvent startup, GatewayConfig config, EventLimits limits) {
        RecordSizes.requireFits(
                "switchboard.gateway.websocket.max-message-bytes",
                config.websocket().maxMessageBytes(),
                false,
                limits);
        RecordSizes.requireFits(
                "switchboard.gateway.http.max-body-bytes", config.http().maxBodyBytes(), false, limits);
    }
}
