package dev.switchboard.gateway.service;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ServerFrame;
import io.smallrye.mutiny.Uni;

/**
 * What a client's channel frames ({@code subscribe}, {@code unsubscribe}, {@code publish}) do; the channel package
 * serves it, so that sessions need not know channels (and the packages have no cycle).
 */
public interface ChannelRequests {

    /**
     * Handles a channel frame of {@code client}. Yields the frame to answer with, or null when the answer was sent on
     * the client's connection already (a {@code subscribed}, which must come before the publications it recovers).
     * Never fails.
     */
    Uni<ServerFrame> handle(ClientRecord client, ClientFrame frame);

    /** The client's connection on this node ended: its subscriptions end with it. */
    void closed(String clientId);
}
