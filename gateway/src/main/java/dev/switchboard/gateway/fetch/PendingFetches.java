package dev.switchboard.gateway.fetch;

import jakarta.inject.Singleton;

import dev.switchboard.contract.event.FetchMessages;
import dev.switchboard.gateway.concurrent.PendingReplies;
import dev.switchboard.gateway.config.GatewayConfig;

/**
 * Fetch events this node has published and waits an answer for, by event id. Bounded by
 * {@code fetch.max-pending}: past it a request is refused (503) before anything is published. A singleton, not a
 * client proxy: the bounded map it extends is built with its bound.
 */
@Singleton
public class PendingFetches extends PendingReplies<FetchMessages.Response> {

    public PendingFetches(GatewayConfig config) {
        super(config.fetch().maxPending());
    }
}
