package dev.switchboard.gateway.service;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ProtocolException;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.transport.ClientConnection;
import dev.switchboard.gateway.transport.CloseReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/**
 * A client's life on this node, the same for every transport: it opens (recorded locally and in the cluster,
 * then welcomed), sends frames (parsed, published to Kafka, acknowledged or answered with an error frame), and
 * closes (forgotten locally and in the cluster).
 */
@ApplicationScoped
public class ClientSessions {

    private final LocalConnections local;
    private final ClientDirectory directory;
    private final EventPublisher publisher;
    private final Frames frames;
    private final GatewayConfig config;
    private final MeterRegistry meters;

    public ClientSessions(LocalConnections local, ClientDirectory directory, EventPublisher publisher, Frames frames,
            GatewayConfig config, MeterRegistry meters) {
        this.local = local;
        this.directory = directory;
        this.publisher = publisher;
        this.frames = frames;
        this.config = config;
        this.meters = meters;
    }

    /** Records the client, then sends its welcome frame; the returned stage completes with its record. */
    public CompletionStage<ClientRecord> open(ClientConnection connection, String url) {
        ClientRecord record = new ClientRecord(connection.clientId(), config.nodeId(), connection.userId(),
                connection.transport(), url == null ? "" : url, System.currentTimeMillis(), "");
        local.add(connection);
        return directory.register(record).thenApply(registered -> {
            if (local.find(record.clientId()).isEmpty()) {
                // The client left while it was being recorded: take the record back out, no ghost.
                directory.unregister(record.clientId());
                return record;
            }
            connection.send(frames.welcome(record.clientId(), record.nodeId()));
            Log.debugf("client %s connected over %s", record.clientId(), record.transport());
            return record;
        });
    }

    public void closed(ClientConnection connection) {
        if (local.remove(connection)) {
            directory.unregister(connection.clientId()).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    Log.warnf("client %s left but could not be removed from the registry: %s",
                            connection.clientId(), failure.getMessage());
                }
            });
        }
    }

    /**
     * Parses one frame from {@code client} and publishes it. Yields the frame to answer with: an ack once the
     * message is in Kafka, or an error frame naming the problem. Never fails.
     */
    public Uni<ServerFrame> receive(ClientRecord client, String text) {
        String ref = null;
        try {
            var frame = frames.parse(text);
            ref = frame.ref();
            String acknowledgedRef = ref;
            meters.counter("switchboard.gateway.messages.in", "transport", client.transport()).increment();
            return publisher.publishMessage(client, frames.toBytes(frame.data()))
                    .map(eventId -> frames.ack(acknowledgedRef, eventId))
                    .onFailure().recoverWithItem(failure -> notAccepted(client, acknowledgedRef, failure));
        } catch (ProtocolException e) {
            meters.counter("switchboard.gateway.frames.rejected", "code", e.code().wireName()).increment();
            return Uni.createFrom().item(frames.error(e.code(), e.getMessage(), ref));
        }
    }

    private ServerFrame notAccepted(ClientRecord client, String ref, Throwable failure) {
        Log.warnf("message from client %s not accepted by Kafka: %s", client.clientId(), failure.getMessage());
        return frames.error(ErrorCode.NOT_ACCEPTED, "the message was not accepted, send it again", ref);
    }

    /** On shutdown every client is told to go elsewhere and removed from the registry, leaving no ghosts. */
    void closeAll(@Observes ShutdownEvent shutdown) {
        for (ClientConnection connection : local.all()) {
            connection.close(CloseReason.GOING_AWAY);
            if (local.remove(connection)) {
                directory.unregister(connection.clientId()).toCompletableFuture().join();
            }
        }
    }
}
