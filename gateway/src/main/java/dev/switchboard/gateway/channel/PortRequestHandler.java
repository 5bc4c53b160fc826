package dev.switchboard.gateway.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.contract.hazelcast.PortUpdate;
import dev.switchboard.gateway.protocol.ChannelPosition;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.FrameType;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ClientConnection;
import dev.switchboard.gateway.service.EventPublisher;
import dev.switchboard.gateway.service.LocalConnections;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * A client's {@code port-start}, {@code port-message} and {@code port-close} frames (docs/protocol.md,
 * "MessageChannel"). A port is read like a channel: its inbox ({@link MessagePorts#inboxOf}) is a subscription of the
 * connection, recovered from the position the port's record ({@link PortRecord}) or the client gives. Only the
 * port's holder may start or close it, and only a connection that started it may post on it.
 */
@ApplicationScoped
public class PortRequestHandler {

    private final ChannelNames names;
    private final ChannelSettings settings;
    private final ChannelSubscriptions subscriptions;
    private final ChannelRecovery recovery;
    private final LocalConnections local;
    private final EventPublisher publisher;
    private final Frames frames;
    private final IMap<String, PortRecord> ports;
    private final HazelcastInstance hazelcast;
    private final ExecutorService blocking;
    /** MessageChannels each connection of this node opened, bounded by {@code max-message-channels-per-connection}. */
    private final Map<String, Integer> opened = new ConcurrentHashMap<>();

    public PortRequestHandler(
            ChannelNames names,
            ChannelSettings settings,
            ChannelSubscriptions subscriptions,
            ChannelRecovery recovery,
            LocalConnections local,
            EventPublisher publisher,
            Frames frames,
            HazelcastInstance hazelcast,
            ExecutorService blocking) {
        this.hazelcast = hazelcast;
        this.blocking = blocking;
        this.names = names;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.recovery = recovery;
        this.local = local;
        this.publisher = publisher;
        this.frames = frames;
        this.ports = hazelcast.getMap(HazelcastNames.MESSAGE_PORTS);
    }

    /**
     * A port dies with its holder: when a client's resume window ends (its owner entry expires, on whichever node
     * hears it first), its ports are closed and their other ends told.
     */
    void closeWithTheirHolders(@Observes StartupEvent startup) {
        IMap<String, String> owners = hazelcast.getMap(HazelcastNames.CLIENT_OWNERS);
        owners.addEntryListener(
                (EntryExpiredListener<String, String>)
                        expired -> blocking.execute(() -> closeAllHeldBy(PortRecord.client(expired.getKey()))),
                false);
        // A port an event held longer than it may (the event never succeeded) expires: its other end closes too.
        ports.addEntryListener(
                (EntryExpiredListener<String, PortRecord>) expired -> closeOtherEnd(expired.getKey()), false);
    }

    /** The other end of an expired port: whichever node removes it tells both inboxes. */
    private void closeOtherEnd(String port) {
        ports.removeAsync(MessagePorts.peerOf(port))
                .thenCompose(peer -> peer == null
                        ? CompletableFuture.completedFuture(null)
                        : publisher.publishPortClosed(port).subscribeAsCompletionStage())
                .whenComplete((sent, failure) -> {
                    if (failure != null) {
                        Log.warnf("the other end of expired port %s not closed: %s", port, failure.toString());
                    }
                });
    }

    private void closeAllHeldBy(String holder) {
        for (String port : ports.keySet(Predicates.equal("holder", holder))) {
            closeHeld(holder, port).whenComplete((closed, failure) -> {
                if (failure != null) {
                    Log.warnf("port %s of %s, who is gone, not closed: %s", port, holder, failure.toString());
                }
            });
        }
    }

    /** Whether {@code frame} is for this handler: a port frame, or a {@code message} passing ports to the worker. */
    static boolean handles(ClientFrame frame) {
        return frame.type() == FrameType.PORT_OPEN
                || frame.port() != null
                || !frame.ports().isEmpty();
    }

    /** The connection ended: its count of opened channels goes (its ports stay with the client, which may resume). */
    void closed(String clientId) {
        opened.remove(clientId);
    }

    Uni<ServerFrame> handle(ClientRecord client, ClientFrame frame) {
        return switch (frame.type()) {
            case PORT_OPEN -> open(client, frame);
            case MESSAGE -> passToWorker(client, frame);
            case PORT_START -> start(client, frame);
            case PORT_MESSAGE -> post(client, frame);
            case PORT_CLOSE -> close(client, frame);
            default -> throw new IllegalArgumentException("not a port frame: " + frame.type());
        };
    }

    private ServerFrame unknown(String port, String ref) {
        return frames.error(ErrorCode.UNKNOWN_PORT, "port '" + port + "' is unknown, closed or not this client's", ref);
    }

    /**
     * Starts reading the port's inbox. The first start of either end of a new pair fixes where both are read from
     * (the end of the pair's history then): nothing can be posted on a pair before one end has started.
     */
    private Uni<ServerFrame> start(ClientRecord client, ClientFrame frame) {
        String port = frame.port();
        Optional<ClientConnection> connection = local.find(client.clientId());
        if (connection.isEmpty()) {
            return Uni.createFrom()
                    .item(frames.error(
                            ErrorCode.UNKNOWN_CLIENT,
                            "client '" + client.clientId()
                                    + "' is not connected to this node: start the port on its own connection",
                            frame.ref()));
        }
        String holder = PortRecord.client(client.clientId());
        CompletionStage<PortRecord> started = ports.getAsync(port).thenCompose(record -> {
            if (record == null || !record.holder().equals(holder)) {
                return CompletableFuture.completedFuture(null);
            }
            CompletionStage<String> position = !record.since().isEmpty()
                    ? CompletableFuture.completedFuture(record.since())
                    : recovery.end(MessagePorts.keyOf(port))
                            .thenCompose(end -> end == null
                                    ? CompletableFuture.failedFuture(new IllegalStateException(
                                            "where the pair's history ends " + "could not be read"))
                                    : CompletableFuture.completedFuture(end.toString()));
            return position.thenCompose(since -> ports.submitToKey(port, PortUpdate.start(holder, since)))
                    .thenCompose(own -> own == null
                            ? CompletableFuture.completedFuture(null)
                            : ports.submitToKey(MessagePorts.peerOf(port), PortUpdate.sinceIfAbsent(own.since()))
                                    .thenApply(peer -> own));
        });
        return Uni.createFrom()
                .completionStage(started)
                .map(record -> record == null
                        ? unknown(port, frame.ref())
                        : subscribe(connection.get(), port, since(record, frame), frame.ref()))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("port %s not started: %s", port, failure.toString());
                    return frames.error(
                            ErrorCode.NOT_ACCEPTED, "the port could not be started, start it again", frame.ref());
                });
    }

    /** The client's own position when it is at or after the record's (it read that far), the record's otherwise. */
    private static ChannelPosition since(PortRecord record, ClientFrame frame) {
        ChannelPosition fixed = ChannelPosition.parse(record.since()).orElseThrow();
        return frame.since()
                .filter(asked -> asked.partition() == fixed.partition() && asked.offset() >= fixed.offset())
                .orElse(fixed);
    }

    /** Null once the inbox is subscribed: its {@code port-started} goes on the connection, then what it recovers. */
    private ServerFrame subscribe(ClientConnection connection, String port, ChannelPosition since, String ref) {
        String inbox = MessagePorts.inboxOf(port);
        Subscription subscription;
        try {
            subscription = subscriptions.add(connection, inbox);
        } catch (ChannelSubscriptions.TooManyException e) {
            return frames.error(
                    ErrorCode.TOO_MANY_CHANNELS,
                    "a connection may hold at most " + settings.maxSubscriptionsPerConnection()
                            + " channels and started ports",
                    ref);
        }
        ChannelSettings.Namespace namespace = names.namespaceOf(inbox).orElseThrow();
        recovery.confirm(subscription, namespace, Optional.of(since), new ChannelRecovery.Reading() {
            @Override
            public String key() {
                return MessagePorts.keyOf(port);
            }

            @Override
            public boolean wanted(CloudEvent event) {
                return inbox.equals(SwitchboardEvents.extension(event, EventExtensions.CHANNEL)
                        .orElse(null));
            }

            @Override
            public Subscription.Publication publication(ConsumerRecord<String, CloudEvent> record) {
                return inboxRecord(
                        frames, port, new ChannelPosition(record.partition(), record.offset()), record.value());
            }

            @Override
            public ServerFrame confirmation(ChannelPosition position, Boolean recovered) {
                return frames.portStarted(port, ref, position, recovered);
            }

            @Override
            public ServerFrame reset(String reason) {
                return frames.portReset(port, reason);
            }
        });
        return null;
    }

    /** A record of {@code port}'s inbox as its holder gets it: a message, or the close that ends the port. */
    static Subscription.Publication inboxRecord(
            Frames frames, String port, ChannelPosition position, CloudEvent event) {
        if (EventTypes.PORT_CLOSED.equals(event.getType())) {
            return new Subscription.Publication(position.offset(), event.getId(), frames.portClosed(port), true);
        }
        return new Subscription.Publication(
                position.offset(),
                event.getId(),
                frames.portMessage(port, position, event.getId(), SwitchboardEvents.data(event)));
    }

    /** A new pair, both ports held by the client, which starts each with a {@code port-start}. */
    private Uni<ServerFrame> open(ClientRecord client, ClientFrame frame) {
        int[] count = {0};
        opened.compute(client.clientId(), (id, before) -> {
            count[0] = before == null ? 1 : before + 1;
            return count[0] > settings.maxMessageChannelsPerConnection() ? before : Integer.valueOf(count[0]);
        });
        if (count[0] > settings.maxMessageChannelsPerConnection()) {
            return Uni.createFrom()
                    .item(frames.error(
                            ErrorCode.TOO_MANY_CHANNELS,
                            "a connection may open at most " + settings.maxMessageChannelsPerConnection()
                                    + " MessageChannels",
                            frame.ref()));
        }
        List<String> pair = MessagePorts.newPair();
        String holder = PortRecord.client(client.clientId());
        return Uni.createFrom()
                .completionStage(ports.setAllAsync(Map.of(
                        pair.get(0),
                        new PortRecord(pair.get(0), holder, ""),
                        pair.get(1),
                        new PortRecord(pair.get(1), holder, ""))))
                .map(written -> frames.portOpened(frame.ref(), pair))
                .onFailure()
                .recoverWithItem(failure -> notAccepted(pair.get(0), frame.ref(), failure));
    }

    /**
     * A {@code message} passing ports to the worker: each leaves this connection (what it was sent so far is where
     * the next holder reads on) and is held by the message's event until the handler passes it on or the event ends.
     */
    private Uni<ServerFrame> passToWorker(ClientRecord client, ClientFrame frame) {
        List<Subscription> leaving = new ArrayList<>();
        for (String port : frame.ports()) {
            Optional<Subscription> started = subscriptions.find(client.clientId(), MessagePorts.inboxOf(port));
            if (started.isEmpty()) {
                return Uni.createFrom().item(unknown(port, frame.ref()));
            }
            leaving.add(started.get());
        }
        CloudEvent message = CloudEventBuilder.v1(
                        publisher.messageEvent(client, frame.isBinary(), frames.payload(frame)))
                .withExtension(EventExtensions.PORTS, String.join(" ", frame.ports()))
                .build();
        String from = PortRecord.client(client.clientId());
        String to = PortRecord.event(message.getId());
        List<CompletableFuture<PortRecord>> passed = new ArrayList<>();
        for (Subscription subscription : leaving) {
            long last = subscription.lastSent();
            subscriptions.remove(client.clientId(), subscription.channel());
            String port = MessagePorts.portOfInbox(subscription.channel());
            passed.add(ports.submitToKey(
                            port,
                            PortUpdate.transfer(
                                    from,
                                    to,
                                    last == Long.MIN_VALUE ? "" : Long.toString(last),
                                    MessagePorts.eventHoldingTime(settings)))
                    .toCompletableFuture());
        }
        return Uni.createFrom()
                .completionStage(CompletableFuture.allOf(passed.toArray(CompletableFuture[]::new)))
                .chain(done -> passed.stream().anyMatch(record -> record.join() == null)
                        ? Uni.createFrom().item(unknown(frame.ports().get(0), frame.ref()))
                        : publisher.publishMessage(client, message).map(eventId -> frames.ack(frame.ref(), eventId)))
                .onFailure()
                .recoverWithUni(failure -> {
                    // The event never runs: nothing would pass the ports on, so they close.
                    frame.ports().forEach(port -> closeHeld(to, port));
                    return Uni.createFrom().item(notAccepted(frame.ports().get(0), frame.ref(), failure));
                });
    }

    /** Posts on a port this connection started: it arrives at the other end. */
    private Uni<ServerFrame> post(ClientRecord client, ClientFrame frame) {
        String port = frame.port();
        if (!subscriptions.has(client.clientId(), MessagePorts.inboxOf(port))) {
            return Uni.createFrom().item(unknown(port, frame.ref()));
        }
        byte[] message = frames.toBytes(frame.publication());
        if (message.length > settings.maxPublicationBytes()) {
            return Uni.createFrom()
                    .item(frames.error(
                            ErrorCode.TOO_LARGE,
                            "a port message is " + message.length + " bytes of JSON; at most "
                                    + settings.maxPublicationBytes() + " are allowed",
                            frame.ref()));
        }
        return publisher
                .publishToPort(client, port, message)
                .map(eventId -> frames.ack(frame.ref(), eventId))
                .onFailure()
                .recoverWithItem(failure -> notAccepted(port, frame.ref(), failure));
    }

    /** Closes the port's MessageChannel: both ends hear {@code port-closed}. */
    private Uni<ServerFrame> close(ClientRecord client, ClientFrame frame) {
        String port = frame.port();
        return Uni.createFrom()
                .completionStage(closeHeld(PortRecord.client(client.clientId()), port))
                .chain(closed -> closed
                        ? Uni.createFrom().item(frames.ack(frame.ref(), null))
                        : Uni.createFrom().item(unknown(port, frame.ref())))
                .onFailure()
                .recoverWithItem(failure -> notAccepted(port, frame.ref(), failure));
    }

    /** Closes {@code port}'s pair if {@code holder} holds it; true when it did (and announced it to both ends). */
    CompletionStage<Boolean> closeHeld(String holder, String port) {
        return ports.submitToKey(port, PortUpdate.close(holder))
                .thenCompose(closed -> closed == null
                        ? CompletableFuture.completedFuture(false)
                        : ports.removeAsync(MessagePorts.peerOf(port))
                                .thenCompose(peer ->
                                        publisher.publishPortClosed(port).subscribeAsCompletionStage())
                                .thenApply(sent -> true));
    }

    private ServerFrame notAccepted(String port, String ref, Throwable failure) {
        Log.warnf("a frame on port %s not carried out: %s", port, failure.toString());
        return frames.error(ErrorCode.NOT_ACCEPTED, "not carried out, send it again", ref);
    }
}
