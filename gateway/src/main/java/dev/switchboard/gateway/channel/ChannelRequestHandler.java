package dev.switchboard.gateway.channel;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.gateway.protocol.ChannelPosition;
import dev.switchboard.gateway.protocol.ClientFrame;
import dev.switchboard.gateway.protocol.ErrorCode;
import dev.switchboard.gateway.protocol.Frames;
import dev.switchboard.gateway.protocol.ServerFrame;
import dev.switchboard.gateway.service.ChannelRequests;
import dev.switchboard.gateway.service.ClientConnection;
import dev.switchboard.gateway.service.EventPublisher;
import dev.switchboard.gateway.service.LocalConnections;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * A client's {@code subscribe}, {@code unsubscribe}, {@code publish} and {@code presence} frames: each checked against the channel's
 * namespace rules ({@link ChannelNames}), refused with an error frame naming why. A subscribe to a channel with
 * history recovers from its {@code since} (or, without one, learns where the channel is, so that a later recovery
 * can start there) by reading the channel's history in Kafka ({@link KeyedHistory}); meanwhile its live publications
 * wait in the subscription.
 */
@ApplicationScoped
public class ChannelRequestHandler implements ChannelRequests {

    private final ChannelNames names;
    private final ChannelSettings settings;
    private final ChannelSubscriptions subscriptions;
    private final LocalConnections local;
    private final EventPublisher publisher;
    private final Frames frames;
    private final MeterRegistry meters;
    private final ChannelRecovery recovery;
    private final ChannelPresence presence;
    private final WorkerDecisions decisions;
    private final PortRequestHandler ports;

    public ChannelRequestHandler(
            ChannelNames names,
            ChannelSettings settings,
            ChannelSubscriptions subscriptions,
            LocalConnections local,
            EventPublisher publisher,
            ChannelPresence presence,
            WorkerDecisions decisions,
            PortRequestHandler ports,
            ChannelRecovery recovery,
            Frames frames,
            MeterRegistry meters) {
        this.ports = ports;
        this.names = names;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.local = local;
        this.publisher = publisher;
        this.presence = presence;
        this.decisions = decisions;
        this.frames = frames;
        this.meters = meters;
        this.recovery = recovery;
    }

    @Override
    public Uni<ServerFrame> handle(ClientRecord client, ClientFrame frame) {
        if (PortRequestHandler.handles(frame)) {
            return ports.handle(client, frame);
        }
        String channel = frame.channel();
        return switch (frame.type()) {
            case SUBSCRIBE -> {
                ChannelNames.Verdict verdict = names.subscribe(client.userId(), channel);
                if (verdict.outcome() == ChannelNames.Outcome.ASK_WORKER) {
                    yield askWorker(client, frame);
                }
                yield Uni.createFrom().item(verdict.allowed() ? subscribe(client, frame) : refusal(verdict, frame));
            }
            case UNSUBSCRIBE -> {
                if (subscriptions.remove(client.clientId(), channel) && keepsPresence(channel)) {
                    presence.leave(client.clientId(), channel);
                }
                yield Uni.createFrom().item(frames.unsubscribed(channel, frame.ref()));
            }
            case PRESENCE -> {
                ChannelNames.Verdict verdict = names.subscribe(client.userId(), channel);
                if (verdict.outcome() == ChannelNames.Outcome.ASK_WORKER) {
                    // Whom the worker let in may see who else is: a client subscribed on this node.
                    verdict = subscriptions.has(client.clientId(), channel)
                            ? ChannelNames.Verdict.allow()
                            : new ChannelNames.Verdict(
                                    ChannelNames.Outcome.NOT_ALLOWED,
                                    "only a subscriber of channel '" + channel
                                            + "' may see its presence (its namespace leaves subscribing to the worker)");
                }
                if (!verdict.allowed()) {
                    yield Uni.createFrom().item(refusal(verdict, frame));
                }
                if (!keepsPresence(channel)) {
                    yield Uni.createFrom()
                            .item(frames.error(
                                    ErrorCode.BAD_FRAME,
                                    "channel '" + channel + "' keeps no presence: its namespace does not enable it",
                                    frame.ref()));
                }
                yield presence.list(channel)
                        .map(listed -> frames.presence(channel, frame.ref(), listed.clients(), listed.more()))
                        .onFailure()
                        .recoverWithItem(failure -> {
                            Log.warnf("presence of %s not read: %s", channel, failure.toString());
                            return frames.error(ErrorCode.NOT_ACCEPTED, "presence unavailable, ask again", frame.ref());
                        });
            }
            case PUBLISH -> {
                ChannelNames.Verdict verdict = names.publish(client.userId(), channel);
                yield verdict.allowed()
                        ? publish(client, frame)
                        : Uni.createFrom().item(refusal(verdict, frame));
            }
            default -> throw new IllegalArgumentException("not a channel frame: " + frame.type());
        };
    }

    @Override
    public void closed(String clientId) {
        ports.closed(clientId);
        for (String channel : subscriptions.removeAll(clientId)) {
            if (keepsPresence(channel)) {
                presence.leave(clientId, channel);
            }
        }
    }

    @Override
    public void nodesGone(Set<String> aliveNodes, long settledBefore) {
        presence.sweep(aliveNodes, settledBefore);
    }

    private boolean keepsPresence(String channel) {
        return names.namespaceOf(channel)
                .map(ChannelSettings.Namespace::presence)
                .orElse(false);
    }

    /** The refusal of a frame the namespace rules do not allow, as the client reads it. */
    private ServerFrame refusal(ChannelNames.Verdict verdict, ClientFrame frame) {
        meters.counter(
                        "switchboard.gateway.channel.refusals",
                        "outcome",
                        verdict.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
        return frames.error(errorCode(verdict), verdict.reason(), frame.ref());
    }

    /** The error code a refused channel frame is answered with (over POST, the problem of that code). */
    private static ErrorCode errorCode(ChannelNames.Verdict verdict) {
        return switch (verdict.outcome()) {
            case BAD_NAME -> ErrorCode.BAD_FRAME;
            case UNKNOWN_NAMESPACE -> ErrorCode.UNKNOWN_CHANNEL;
            case NOT_ALLOWED, ALLOWED, ASK_WORKER -> ErrorCode.FORBIDDEN;
        };
    }

    private Uni<ServerFrame> publish(ClientRecord client, ClientFrame frame) {
        byte[] publication = frames.toBytes(frame.publication());
        if (publication.length > settings.maxPublicationBytes()) {
            return Uni.createFrom()
                    .item(frames.error(
                            ErrorCode.TOO_LARGE,
                            "a publication is " + publication.length + " bytes of JSON; at most "
                                    + settings.maxPublicationBytes() + " are allowed",
                            frame.ref()));
        }
        return publisher
                .publishToChannel(client, frame.channel(), frame.echo(), publication)
                .map(eventId -> frames.ack(frame.ref(), eventId))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "publication of client %s to %s not accepted by Kafka: %s",
                            client.clientId(), frame.channel(), failure.getMessage());
                    return frames.error(
                            ErrorCode.NOT_ACCEPTED, "the publication was not accepted, send it again", frame.ref());
                });
    }

    /** A subscribe the client's worker decides on: made when it allows, refused with its reason when not. */
    private Uni<ServerFrame> askWorker(ClientRecord client, ClientFrame frame) {
        return decisions
                .ask(client, frame.channel())
                .map(decision -> decision.allowed()
                        ? subscribe(client, frame)
                        : refusal(
                                new ChannelNames.Verdict(
                                        ChannelNames.Outcome.NOT_ALLOWED,
                                        "the worker refused: "
                                                + (decision.reason() == null
                                                                || decision.reason()
                                                                        .isBlank()
                                                        ? "no reason given"
                                                        : decision.reason())),
                                frame))
                .onFailure(WorkerDecisions.NoDecisionException.class)
                .recoverWithItem(failure -> frames.error(ErrorCode.NOT_ACCEPTED, failure.getMessage(), frame.ref()));
    }

    /** Null once the subscription is made: its {@code subscribed} goes on the connection, before what it recovers. */
    private ServerFrame subscribe(ClientRecord client, ClientFrame frame) {
        String channel = frame.channel();
        Optional<ClientConnection> connection = local.find(client.clientId());
        if (connection.isEmpty()) {
            // Only over POST from another node than the stream's (docs/protocol.md says to subscribe on connect).
            return frames.error(
                    ErrorCode.UNKNOWN_CLIENT,
                    "client '" + client.clientId() + "' is not connected to "
                            + "this node: subscribe on its own connection, or name the channels when it connects",
                    frame.ref());
        }
        ChannelSettings.Namespace namespace = names.namespaceOf(channel).orElseThrow();
        Subscription subscription;
        try {
            subscription = subscriptions.add(connection.get(), channel);
        } catch (ChannelSubscriptions.TooManyException e) {
            return frames.error(
                    ErrorCode.TOO_MANY_CHANNELS,
                    "a connection may be subscribed to at most " + settings.maxSubscriptionsPerConnection()
                            + " channels",
                    frame.ref());
        }
        if (namespace.presence()) {
            // Subscribed means present: the answer waits until the grid has the entry (publications wait meanwhile).
            presence.join(connection.get(), channel).whenComplete((joined, failure) -> {
                if (subscription.ended()) {
                    // Unsubscribed or gone while the entry was written: its leave may have run before the join.
                    presence.leave(client.clientId(), channel);
                } else {
                    confirm(subscription, frame, namespace);
                }
            });
        } else {
            confirm(subscription, frame, namespace);
        }
        return null;
    }

    /** Sends {@code subscribed}, at once or after recovering from the frame's {@code since}. */
    private void confirm(Subscription subscription, ClientFrame frame, ChannelSettings.Namespace namespace) {
        String channel = subscription.channel();
        Optional<ChannelPosition> since = frame.since();
        recovery.confirm(subscription, namespace, since, new ChannelRecovery.Reading() {
            @Override
            public String key() {
                return channel;
            }

            @Override
            public boolean wanted(CloudEvent event) {
                return EventTypes.CHANNEL_PUBLICATION.equals(event.getType());
            }

            @Override
            public Subscription.Publication publication(ConsumerRecord<String, CloudEvent> record) {
                return new Subscription.Publication(
                        record.offset(),
                        record.value().getId(),
                        frames.publication(
                                channel,
                                new ChannelPosition(record.partition(), record.offset()),
                                record.value().getId(),
                                SwitchboardEvents.data(record.value())));
            }

            @Override
            public ServerFrame confirmation(ChannelPosition position, Boolean recovered) {
                return frames.subscribed(channel, frame.ref(), position, recovered);
            }

            @Override
            public ServerFrame reset(String reason) {
                return frames.reset(channel, reason);
            }
        });
    }
}
