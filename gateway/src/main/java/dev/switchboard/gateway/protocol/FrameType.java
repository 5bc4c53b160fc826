package dev.switchboard.gateway.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every frame {@code type} of the client protocol, in both directions: the one list docs/protocol.md (its "Server
 * frames" and "Client frames" tables) and the browser SDK (sdk/src/main/ts/switchboard.ts) are checked against.
 */
public enum FrameType {
    /** First frame of every connection: the client's id, the node, whether it resumed. */
    WELCOME("welcome", Direction.SERVER),
    /** A {@code refresh} frame's token was accepted. */
    REFRESHED("refreshed", Direction.SERVER),
    /** The client's frame is durably in Kafka. */
    ACK("ack", Direction.SERVER),
    /** {@code postMessage} data: from the client to its worker, and from a worker to its clients. */
    MESSAGE("message", Direction.BOTH),
    /** A worker's {@code showNotification} for the user. */
    NOTIFICATION("notification", Direction.SERVER),
    /** A new version of the client's registration started installing. */
    UPDATEFOUND("updatefound", Direction.SERVER),
    /** A version of the client's registration changed state. */
    STATECHANGE("statechange", Direction.SERVER),
    /** The client is controlled by another version. */
    CONTROLLERCHANGE("controllerchange", Direction.SERVER),
    /** Continuity is lost: what follows is live. */
    RESET("reset", Direction.SERVER),
    /** A {@code subscribe} was accepted: publications of the channel follow, after its {@code position}. */
    SUBSCRIBED("subscribed", Direction.SERVER),
    /** An {@code unsubscribe} was done: no more publications of the channel follow. */
    UNSUBSCRIBED("unsubscribed", Direction.SERVER),
    /** A publication to a channel the client is subscribed to. */
    PUBLICATION("publication", Direction.SERVER),
    /** Another client joined the presence of a channel the client is subscribed to. */
    JOIN("join", Direction.SERVER),
    /** Another client left it. */
    LEAVE("leave", Direction.SERVER),
    /** Who is in a channel's presence: asked by the client, answered by the server. */
    PRESENCE("presence", Direction.BOTH),
    /** A client frame was refused, or the client's event could not be handled: its {@link ErrorCode}. */
    ERROR("error", Direction.SERVER),
    /** The user clicked a notification. */
    NOTIFICATION_CLICK("notificationclick", Direction.CLIENT),
    /** The user dismissed a notification. */
    NOTIFICATION_CLOSE("notificationclose", Direction.CLIENT),
    /** {@code registration.sync.register(tag)} with a payload. */
    SYNC("sync", Direction.CLIENT),
    /** A new token for the open connection; never published. */
    REFRESH("refresh", Direction.CLIENT),
    /** Subscribe to a channel, from a position when recovering. */
    SUBSCRIBE("subscribe", Direction.CLIENT),
    /** Stop receiving a channel's publications. */
    UNSUBSCRIBE("unsubscribe", Direction.CLIENT),
    /** Publish to a channel, when its namespace lets clients. */
    PUBLISH("publish", Direction.CLIENT),
    /** Create a MessageChannel: both ports held by this client. */
    PORT_OPEN("port-open", Direction.CLIENT),
    /** A {@code port-open} was done: the new pair's two port ids. */
    PORT_OPENED("port-opened", Direction.SERVER),
    /** Begin (or, after a reconnect, go on) receiving what arrives at a MessageChannel port the client holds. */
    PORT_START("port-start", Direction.CLIENT),
    /** A {@code port-start} was accepted: the port's messages follow, after its {@code position}. */
    PORT_STARTED("port-started", Direction.SERVER),
    /** A message on a MessageChannel port: posted by the holder of one end, received by the holder of the other. */
    PORT_MESSAGE("port-message", Direction.BOTH),
    /** Close a MessageChannel (both of its ports). */
    PORT_CLOSE("port-close", Direction.CLIENT),
    /** The MessageChannel of a port the client holds is closed: nothing more arrives or may be posted on it. */
    PORT_CLOSED("port-closed", Direction.SERVER),
    /** Start a dedicated worker ({@code new Worker(url)}) or connect to a shared one ({@code new SharedWorker}). */
    WORKER_START("worker-start", Direction.CLIENT),
    /** {@code postMessage} to a worker the client started or connected to. */
    WORKER_POST("worker-post", Direction.CLIENT),
    /** {@code worker.terminate()}: end a dedicated worker. */
    WORKER_TERMINATE("worker-terminate", Direction.CLIENT),
    /** {@code port.close()}: close the client's port to a shared worker. */
    WORKER_CLOSE("worker-close", Direction.CLIENT),
    /** The worker runs: what the client posted to it is handled from now on, in order. */
    WORKER_STARTED("worker-started", Direction.SERVER),
    /** A worker's {@code postMessage} to the client. */
    WORKER_MESSAGE("worker-message", Direction.SERVER),
    /** A task of the worker failed, or the worker could not start ({@code code}, {@code message}). */
    WORKER_ERROR("worker-error", Direction.SERVER),
    /** The worker, or the client's port to it, ended ({@code reason}). */
    WORKER_CLOSED("worker-closed", Direction.SERVER);

    /** Who sends frames of a type. */
    public enum Direction {
        SERVER,
        CLIENT,
        BOTH
    }

    private final String wireName;
    private final Direction direction;

    FrameType(String wireName, Direction direction) {
        this.wireName = wireName;
        this.direction = direction;
    }

    /** The {@code type} on the wire, and the {@code event:} of an SSE event. */
    public String wireName() {
        return wireName;
    }

    /** A frame about channels or MessageChannel ports, answered by the channel code ({@code ChannelRequests}). */
    public boolean isChannelFrame() {
        return switch (this) {
            case SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PRESENCE, PORT_OPEN, PORT_START, PORT_MESSAGE, PORT_CLOSE -> true;
            default -> false;
        };
    }

    /** A frame about dedicated and shared workers, answered by the worker code ({@code WorkerRequests}). */
    public boolean isWorkerFrame() {
        return switch (this) {
            case WORKER_START, WORKER_POST, WORKER_TERMINATE, WORKER_CLOSE -> true;
            default -> false;
        };
    }

    public boolean fromServer() {
        return direction != Direction.CLIENT;
    }

    public boolean fromClient() {
        return direction != Direction.SERVER;
    }

    /** The type a client may send under {@code wireName}, if any. */
    public static Optional<FrameType> ofClient(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.fromClient() && type.wireName.equals(wireName))
                .findFirst();
    }

    /** The type the server sends under {@code wireName}; fails for a name that is not one. */
    public static FrameType ofServer(String wireName) {
        return Arrays.stream(values())
                .filter(type -> type.fromServer() && type.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a server frame type: '" + wireName + "'"));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
