package dev.switchboard.gateway.worker;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.EventPublisher;
import dev.switchboard.gateway.service.WorkerRequests;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Turns a client's worker frames into requests of the worker's instance on the workers topic (docs/workers.md). The
 * client names a worker by its own handle; this node remembers, per connection, which instance each handle is (at
 * most {@code limits.max-workers-per-connection}), so that a post names no instance and a client can only reach the
 * workers it started itself: the instance is always derived from the client's own id or user. After a reconnect the
 * client starts its workers again (a start of a running worker only answers {@code worker-started}).
 */
@ApplicationScoped
public class WorkerRequestHandler implements WorkerRequests {

    private final EventPublisher publisher;
    private final Frames frames;
    private final int maxPerConnection;
    private final Map<String, Map<String, String>> instancesByClient = new ConcurrentHashMap<>();

    public WorkerRequestHandler(EventPublisher publisher, Frames frames, GatewayConfig config) {
        this.publisher = publisher;
        this.frames = frames;
        this.maxPerConnection = config.limits().maxWorkersPerConnection();
    }

    @Override
    public Uni<ServerFrame> handle(ClientRecord client, ClientFrame frame) {
        String handle = frame.worker();
        Map<String, String> handles =
                instancesByClient.computeIfAbsent(client.clientId(), id -> new ConcurrentHashMap<>());
        return switch (frame.type()) {
            case WORKER_START -> start(client, frame, handle, handles);
            case WORKER_POST ->
                request(
                        client,
                        frame,
                        handles.get(handle),
                        EventTypes.WORKER_POST,
                        new WorkerMessages.Post(handle, frame.data().get("data")));
            case WORKER_TERMINATE, WORKER_CLOSE ->
                request(client, frame, handles.remove(handle), EventTypes.WORKER_STOP, new WorkerMessages.Stop(handle));
            default -> throw new IllegalArgumentException("not a worker frame: " + frame.type());
        };
    }

    private Uni<ServerFrame> start(ClientRecord client, ClientFrame frame, String handle, Map<String, String> handles) {
        WorkerMessages.Kind kind = WorkerMessages.Kind.valueOf(
                frame.data().path("kind").asText("dedicated").toUpperCase(Locale.ROOT));
        WorkerMessages.Sharing sharing = WorkerMessages.Sharing.valueOf(
                frame.data().path("sharing").asText("user").toUpperCase(Locale.ROOT));
        String url = frame.data().get("url").asText();
        String name = frame.data().path("name").asText("");
        String instance = kind == WorkerMessages.Kind.SHARED
                ? WorkerMessages.sharedId(url, name, sharing, client.userId())
                : WorkerMessages.dedicatedId(client.clientId(), handle);
        synchronized (handles) {
            if (!handles.containsKey(handle) && handles.size() >= maxPerConnection) {
                return Uni.createFrom()
                        .item(frames.error(
                                ErrorCode.TOO_MANY_WORKERS,
                                "this connection holds " + maxPerConnection
                                        + " workers (switchboard.gateway.limits.max-workers-per-connection)",
                                frame.ref()));
            }
            handles.put(handle, instance);
        }
        return request(
                client,
                frame,
                instance,
                EventTypes.WORKER_START,
                new WorkerMessages.Start(handle, url, kind, name, sharing));
    }

    private Uni<ServerFrame> request(
            ClientRecord client, ClientFrame frame, String instance, String type, Object payload) {
        if (instance == null) {
            return Uni.createFrom()
                    .item(frames.error(
                            ErrorCode.UNKNOWN_WORKER,
                            "no worker '" + frame.worker() + "' was started on this connection",
                            frame.ref()));
        }
        return publisher
                .publishWorkerRequest(client, type, instance, payload)
                .map(eventId -> frames.ack(frame.ref(), eventId))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "a worker request of client %s was not accepted by Kafka: %s",
                            client.clientId(), failure.getMessage());
                    return frames.error(
                            ErrorCode.NOT_ACCEPTED, "the request was not accepted, send it again", frame.ref());
                });
    }

    @Override
    public void closed(String clientId) {
        instancesByClient.remove(clientId);
    }
}
