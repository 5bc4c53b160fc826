package dev.switchboard.gateway.service;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ServerFrame;
import io.smallrye.mutiny.Uni;

/**
 * What a client's worker frames ({@code worker-start}, {@code worker-post}, {@code worker-terminate},
 * {@code worker-close}) do; the worker package serves it, so that sessions need not know workers.
 */
public interface WorkerRequests {

    /** Handles a worker frame of {@code client}: yields its ack once in Kafka, or an error frame. Never fails. */
    Uni<ServerFrame> handle(ClientRecord client, ClientFrame frame);

    /** The client's connection on this node ended: the handles it used here are forgotten. */
    void closed(String clientId);
}
