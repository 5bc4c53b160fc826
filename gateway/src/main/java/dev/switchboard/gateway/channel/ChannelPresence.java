package dev.switchboard.gateway.channel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.PresenceRecord;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.service.ClientConnection;
import dev.switchboard.gateway.service.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Who is subscribed to the channels of namespaces with presence: one {@link PresenceRecord} per client and channel
 * in the grid, written by the node holding the subscription; each join and leave is announced once on the channels
 * topic, in order with the channel's publications, and every node writes it to its subscribers ({@link ChannelFeed}).
 * A dead node's entries are swept, and their leaves announced, by the nodes that remain.
 */
@ApplicationScoped
public class ChannelPresence {

    /** A presence answer: the clients listed ({@code clientId → userId}, the oldest joined first), and whether there are more. */
    record Listed(List<Map.Entry<String, String>> clients, boolean more) {}

    private final IMap<String, PresenceRecord> presence;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final String nodeId;
    private final int maxListed;

    public ChannelPresence(
            HazelcastInstance hazelcast,
            EventPublisher publisher,
            MeterRegistry meters,
            GatewayConfig config,
            ChannelSettings settings) {
        this.presence = hazelcast.getMap(HazelcastNames.CHANNEL_PRESENCE);
        this.publisher = publisher;
        this.meters = meters;
        this.nodeId = config.nodeId();
        this.maxListed = settings.maxPresenceListed();
    }

    /**
     * The client joined: recorded, and announced once (subscribing again to the same channel is no new join). The
     * stage completes once the grid has it (or could not take it: logged, never failed).
     */
    CompletionStage<Void> join(ClientConnection connection, String channel) {
        PresenceRecord record = new PresenceRecord(
                channel, connection.clientId(), connection.userId(), nodeId, System.currentTimeMillis());
        return presence.putAsync(PresenceRecord.key(channel, connection.clientId()), record)
                .handle((previous, failure) -> {
                    if (failure != null) {
                        Log.warnf(
                                "presence of %s in %s not recorded: %s",
                                connection.clientId(), channel, failure.getMessage());
                    } else if (previous == null) {
                        announce(EventTypes.CHANNEL_JOIN, record);
                    }
                    return null;
                });
    }

    /** The client left the channel (unsubscribed, or its connection ended): removed, and announced if it was there. */
    void leave(String clientId, String channel) {
        presence.removeAsync(PresenceRecord.key(channel, clientId)).whenComplete((removed, failure) -> {
            if (failure != null) {
                Log.warnf(
                        "presence of %s in %s not removed (the sweep takes it when this node is gone): %s",
                        clientId, channel, failure.getMessage());
            } else if (removed != null) {
                announce(EventTypes.CHANNEL_LEAVE, removed);
            }
        });
    }

    /** Who is in the channel: at most {@code max-presence-listed}, read off the event loop. */
    Uni<Listed> list(String channel) {
        return Uni.createFrom()
                .item(() -> {
                    // A page (in PresenceRecord's order, oldest first) of one more than listed says whether there are
                    // more.
                    List<PresenceRecord> page = List.copyOf(presence.values(
                            Predicates.pagingPredicate(Predicates.equal("channel", channel), maxListed + 1)));
                    List<Map.Entry<String, String>> clients = page.stream()
                            .sorted()
                            .limit(maxListed)
                            .map(record -> Map.entry(record.clientId(), record.userId()))
                            .toList();
                    return new Listed(clients, page.size() > maxListed);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Ends, and announces, the presence of clients of nodes that are gone. Blocking. */
    void sweep(Set<String> aliveNodes, long settledBefore) {
        Predicate<String, PresenceRecord> ghosts = Predicates.and(
                Predicates.not(Predicates.in("nodeId", aliveNodes.toArray(String[]::new))),
                Predicates.lessThan("joinedAtEpochMillis", settledBefore));
        for (String key : presence.keySet(ghosts)) {
            PresenceRecord removed = presence.remove(key);
            if (removed != null) {
                announce(EventTypes.CHANNEL_LEAVE, removed);
                meters.counter("switchboard.gateway.channel.presence.swept").increment();
            }
        }
    }

    private void announce(String type, PresenceRecord record) {
        publisher
                .publishPresence(type, record.channel(), record.clientId(), record.userId())
                .subscribe()
                .with(
                        eventId -> Log.debugf("%s %s of %s announced", type, record.clientId(), record.channel()),
                        failure -> Log.warnf(
                                "%s of %s in %s not announced: %s",
                                type, record.clientId(), record.channel(), failure.getMessage()));
    }
}
