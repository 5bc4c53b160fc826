package dev.switchboard.gateway.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.node.Draining;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ProtocolException;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.protocol.StreamPosition;
import dev.switchboard.gateway.security.Principal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
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
    // Resolved once per transport rather than looked up on every client message.
    private final ConcurrentMap<String, Counter> messagesIn = new ConcurrentHashMap<>();
    private final DeliveryReplayer replayer;
    private final TokenExpiry expiry;
    /** The registry record of every client this node holds, to record them again ({@link #recordAgain}). */
    private final ConcurrentMap<String, ClientRecord> records = new ConcurrentHashMap<>();

    private final Draining draining;
    private final ChannelRequests channels;
    private final WorkerRequests workers;

    public ClientSessions(
            LocalConnections local,
            ClientDirectory directory,
            EventPublisher publisher,
            Frames frames,
            GatewayConfig config,
            MeterRegistry meters,
            DeliveryReplayer replayer,
            TokenExpiry expiry,
            Draining draining,
            ChannelRequests channels,
            WorkerRequests workers) {
        this.channels = channels;
        this.workers = workers;
        this.expiry = expiry;
        this.local = local;
        this.directory = directory;
        this.publisher = publisher;
        this.frames = frames;
        this.config = config;
        this.meters = meters;
        this.replayer = replayer;
        this.draining = draining;
        Gauge.builder("switchboard.gateway.draining", this, self -> self.draining.draining() ? 1 : 0)
                .description("1 from the moment this node starts draining (SIGTERM) until it exits")
                .register(meters);
    }

    /**
     * Who a connecting client is: a new client, or, when it hands back the position of the last delivery it
     * saw and the same user owned that stream within the resume window, the same client resuming from there.
     * An unusable position starts a new client whose first frames include a {@code reset}.
     */
    public CompletionStage<ResumeDecision> decideResume(Principal principal, String lastEventId) {
        if (directory.saturated()) {
            // Refused before any upgrade or stream, so the client simply retries later.
            return CompletableFuture.failedFuture(new ClientDirectory.RegistryBusyException());
        }
        if (lastEventId == null || lastEventId.isBlank()) {
            return CompletableFuture.completedFuture(ResumeDecision.fresh(principal, null));
        }
        Optional<StreamPosition> position = StreamPosition.parse(lastEventId);
        if (position.isEmpty()) {
            return CompletableFuture.completedFuture(
                    ResumeDecision.fresh(principal, "the position to resume from is not one"));
        }
        // Only the stream's own user resumes it: for an anonymous client, whoever holds its anonymous token.
        return directory
                .ownerOf(position.get().clientId())
                .thenApply(owner -> principal.owns(owner)
                        ? new ResumeDecision(principal, position.get().clientId(), position.get(), null)
                        : ResumeDecision.fresh(principal, "the stream to resume is unknown, expired or not yours"));
    }

    /**
     * Records the client ({@code url} and {@code type} as it declared them), then sends its welcome frame and,
     * for a resume, everything it missed; the returned stage completes with its record.
     */
    public CompletionStage<ClientRecord> open(
            ClientConnection connection, String url, String type, ResumeDecision decision) {
        // No type declared (null) is a window; ResumeHandler refused any other value than ClientRecord.TYPES.
        ClientRecord record = new ClientRecord(
                connection.clientId(),
                config.nodeId(),
                connection.userId(),
                connection.transport(),
                url == null ? "" : url,
                System.currentTimeMillis(),
                "",
                type);
        StreamPosition resumeFrom = decision.resumeFrom();
        if (resumeFrom != null) {
            connection.startReplay(resumeFrom.offset());
        }
        local.add(connection);
        records.put(record.clientId(), record);
        return directory.register(record).thenApply(registered -> {
            if (local.find(record.clientId()).isEmpty()) {
                // The client left while it was being recorded: take the record back out, no ghost.
                directory.unregister(record.clientId(), config.nodeId());
                return record;
            }
            connection.send(frames.welcome(
                    record.clientId(),
                    record.userId(),
                    record.nodeId(),
                    resumeFrom != null,
                    decision.principal().issuedToken()));
            if (decision.resetReason() != null) {
                meters.counter("switchboard.gateway.resumes", "outcome", "refused")
                        .increment();
                connection.send(frames.reset(decision.resetReason()));
            }
            if (resumeFrom != null) {
                replayer.replay(record.clientId(), resumeFrom.offset())
                        .thenAccept(replay -> connection.finishReplay(replay.deliveries(), replay.gap()));
            }
            Log.debugf("client %s connected over %s", record.clientId(), record.transport());
            return record;
        });
    }

    /** The connection ended (either side, any transport): it is forgotten here and in the cluster, once. */
    public void closed(ClientConnection connection) {
        if (local.remove(connection)) {
            depart(connection);
        }
    }

    /** Takes the client out of the registry and restarts its resume window (it counts from the departure). */
    private CompletableFuture<Void> depart(ClientConnection connection) {
        records.remove(connection.clientId());
        channels.closed(connection.clientId());
        workers.closed(connection.clientId());
        directory.renewOwnership(connection.clientId(), connection.userId());
        return directory
                .unregister(connection.clientId(), config.nodeId())
                .toCompletableFuture()
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        Log.warnf(
                                "client %s left but could not be removed from the registry: %s",
                                connection.clientId(), failure.getMessage());
                    }
                });
    }

    /**
     * Records every client this node holds again. Called when this node finds that its liveness entry had expired
     * (it was paused, starved or cut off for longer than {@code node-expiry}): the other nodes may have removed
     * its clients as a dead node's meanwhile, and then nothing of the cluster could find them. A controller the
     * removed entries named is lost; worker-service claims the clients again on their next events.
     */
    public void recordAgain() {
        int count = 0;
        for (ClientConnection connection : local.all()) {
            ClientRecord record = records.get(connection.clientId());
            if (record != null) {
                directory.recordAgain(record).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        Log.warnf("client %s could not be recorded again: %s", record.clientId(), failure.getMessage());
                    }
                });
                count++;
            }
        }
        meters.counter("switchboard.gateway.registry.recorded.again").increment(count);
        Log.warnf(
                "this node was taken for dead (its liveness entry had expired): its %d clients are recorded again",
                count);
    }

    /**
     * Parses one frame from {@code client} and publishes it. Yields the frame to answer with: an ack once the
     * message is in Kafka, or an error frame naming the problem; null when the answer went on the client's connection
     * already (a {@code subscribed}: see {@link ChannelRequests#handle}). Never fails.
     */
    public Uni<ServerFrame> receive(ClientRecord client, String text) {
        return receive(client, () -> frames.parse(text));
    }

    /** A WebSocket binary frame from the client (the envelope of docs/protocol.md). */
    public Uni<ServerFrame> receiveBinary(ClientRecord client, byte[] binary) {
        return receive(client, () -> frames.parseBinary(binary));
    }

    private Uni<ServerFrame> receive(ClientRecord client, Supplier<ClientFrame> parse) {
        ClientFrame frame;
        try {
            frame = parse.get();
        } catch (ProtocolException e) {
            // Its ref when the frame had a string one: not JSON, or no readable ref, and there is none to echo.
            meters.counter(
                            "switchboard.gateway.frames.rejected",
                            "code",
                            e.code().wireName())
                    .increment();
            return Uni.createFrom().item(frames.error(e.code(), e.getMessage(), e.ref()));
        }
        if (frame.type() == FrameType.REFRESH) {
            return expiry.refresh(client, frame.token(), frame.ref());
        }
        if (frame.type().isChannelFrame()) {
            return channels.handle(client, frame);
        }
        if (frame.type().isWorkerFrame()) {
            return workers.handle(client, frame);
        }
        messagesIn
                .computeIfAbsent(
                        client.transport(), t -> meters.counter("switchboard.gateway.messages.in", "transport", t))
                .increment();
        if (!frame.ports().isEmpty()) {
            // Passing MessageChannel ports to the worker: they leave this connection first (the channel code).
            return channels.handle(client, frame);
        }
        return publish(client, frame)
                .map(eventId -> frames.ack(frame.ref(), eventId))
                .onFailure()
                .recoverWithItem(failure -> notAccepted(client, frame.ref(), failure));
    }

    private Uni<String> publish(ClientRecord client, ClientFrame frame) {
        return switch (frame.type()) {
            case NOTIFICATION_CLICK ->
                publisher.publish(client, EventTypes.NOTIFICATION_CLICK, frames.toBytes(frame.data()));
            case NOTIFICATION_CLOSE ->
                publisher.publish(client, EventTypes.NOTIFICATION_CLOSE, frames.toBytes(frame.data()));
            case SYNC ->
                publisher.publishSync(
                        client, frame.syncTag(), frames.toBytes(frame.data().get("payload")));
            default -> publisher.publishMessage(client, frame.isBinary(), frames.payload(frame));
        };
    }

    private ServerFrame notAccepted(ClientRecord client, String ref, Throwable failure) {
        Log.warnf("message from client %s not accepted by Kafka: %s", client.clientId(), failure.getMessage());
        return frames.error(ErrorCode.NOT_ACCEPTED, "the message was not accepted, send it again", ref);
    }

    /**
     * Draining, at the very start of shutdown (Quarkus' shutdown delay, before the HTTP server closes and while
     * readiness turns DOWN): the node refuses new clients (503 {@code draining}), tells every client to reconnect
     * elsewhere (WebSocket close 1001, SSE {@code close} event) and removes it from the registry.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent shutdownBegins) {
        closeAll();
    }

    /** The same, for a shutdown without the delay phase; a no-op after {@link #drain}. */
    void drainLate(@Observes @Priority(1) ShutdownEvent shutdown) {
        closeAll();
    }

    /**
     * Takes every connection out of the registry all at once, closes it, and waits at most one
     * {@code registry-timeout} for the removals: a node that lost the cluster still stops within its grace period.
     */
    private synchronized void closeAll() {
        draining.begin();
        // Out of the registry first (all at once, awaited below), so the close a stream's end handler reports is
        // a no-op and nothing of this node is left for the clients' reconnects to find.
        List<CompletableFuture<Void>> departures = new ArrayList<>();
        for (ClientConnection connection : local.all()) {
            if (local.remove(connection)) {
                departures.add(depart(connection));
            }
            connection.close(CloseReason.GOING_AWAY);
        }
        CompletableFuture.allOf(departures.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .join();
    }
}
