package dev.switchboard.gateway.service;

import java.util.Set;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ServerFrame;
import io.smallrye.mutiny.Uni;

/**
 * What a client's channel frames ({@code subscribe}, {@code unsubscribe}, {@code publish}, {@code presence}) do,
 * and what becomes of the presence of clients of dead nodes; the channel package
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

    /**
     * Gateway nodes other than {@code aliveNodes} are gone: their clients' presence, joined before
     * {@code settledBefore} (epoch millis), ends and is announced. Blocking; called by the liveness sweep.
     */
    void nodesGone(Set<String> aliveNodes, long settledBefore);
}
