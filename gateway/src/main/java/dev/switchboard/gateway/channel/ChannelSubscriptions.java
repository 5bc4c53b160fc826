package dev.switchboard.gateway.channel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.contract.channel.ChannelSettings;
import dev.switchboard.gateway.service.ClientConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The channel subscriptions of this node's connections: by channel, to write each publication to its subscribers,
 * and by client, to bound them ({@code max-subscriptions-per-connection}) and end them with the connection. Bounded
 * by the node's connections times that bound.
 */
@ApplicationScoped
public class ChannelSubscriptions {

    /** The connection already has as many subscriptions as allowed. */
    static final class TooManyException extends Exception {
        TooManyException() {
            super(null, null, false, false);
        }
    }

    private final Map<String, Map<String, Subscription>> byChannel = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ChannelSettings settings;
    private final MeterRegistry meters;

    public ChannelSubscriptions(ChannelSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    void registerGauge(@Observes StartupEvent startup) {
        Gauge.builder("switchboard.gateway.channel.subscriptions", count, AtomicInteger::get)
                .description("channel subscriptions of this node's connections")
                .register(meters);
    }

    /**
     * Subscribes {@code connection} to {@code channel}, replacing a subscription it had (a subscribe again recovers
     * anew). Its publications wait until {@link Subscription#recovered} confirms it.
     */
    Subscription add(ClientConnection connection, String channel) throws TooManyException {
        String clientId = connection.clientId();
        boolean[] refused = {false};
        byClient.compute(clientId, (id, channels) -> {
            Set<String> held = channels == null ? ConcurrentHashMap.newKeySet() : channels;
            if (!held.contains(channel) && held.size() >= settings.maxSubscriptionsPerConnection()) {
                refused[0] = true;
            } else if (held.add(channel)) {
                count.incrementAndGet();
            }
            return held.isEmpty() ? null : held;
        });
        if (refused[0]) {
            throw new TooManyException();
        }
        Subscription subscription = new Subscription(
                connection, channel, settings.maxBufferedPerSubscription(), settings.duplicateWindow());
        byChannel.compute(channel, (name, subscribers) -> {
            Map<String, Subscription> all = subscribers == null ? new ConcurrentHashMap<>() : subscribers;
            Subscription replaced = all.put(clientId, subscription);
            if (replaced != null) {
                replaced.end();
            }
            return all;
        });
        if (!byClient.getOrDefault(clientId, Set.of()).contains(channel)) {
            forget(clientId, channel); // the connection closed meanwhile
        }
        return subscription;
    }

    /** Ends the subscription of {@code clientId} to {@code channel}; false when it had none. */
    boolean remove(String clientId, String channel) {
        boolean[] held = {false};
        byClient.computeIfPresent(clientId, (id, channels) -> {
            held[0] = channels.remove(channel);
            return channels.isEmpty() ? null : channels;
        });
        if (held[0]) {
            count.decrementAndGet();
            forget(clientId, channel);
        }
        return held[0];
    }

    /** Ends every subscription of {@code clientId}; returns the channels it had. */
    Set<String> removeAll(String clientId) {
        Set<String> channels = byClient.remove(clientId);
        if (channels == null) {
            return Set.of();
        }
        count.addAndGet(-channels.size());
        channels.forEach(channel -> forget(clientId, channel));
        return channels;
    }

    /**
     * Forgets {@code subscription} once it ended by itself (a port's, with its close), unless the connection has
     * subscribed to the channel again meanwhile: only this very subscription goes.
     */
    void forgetEnded(Subscription subscription) {
        String clientId = subscription.connection().clientId();
        String channel = subscription.channel();
        boolean[] removed = {false};
        byChannel.computeIfPresent(channel, (name, subscribers) -> {
            removed[0] = subscribers.remove(clientId, subscription);
            return subscribers.isEmpty() ? null : subscribers;
        });
        if (removed[0]) {
            byClient.computeIfPresent(clientId, (id, channels) -> {
                if (channels.remove(channel)) {
                    count.decrementAndGet();
                }
                return channels.isEmpty() ? null : channels;
            });
        }
    }

    /** The live subscription of {@code clientId} to {@code channel} on this node, if any. */
    Optional<Subscription> find(String clientId, String channel) {
        Map<String, Subscription> subscribers = byChannel.get(channel);
        return Optional.ofNullable(subscribers == null ? null : subscribers.get(clientId))
                .filter(s -> !s.ended());
    }

    /** Whether {@code clientId} is subscribed to {@code channel} on this node (a port's ends with its close). */
    boolean has(String clientId, String channel) {
        Map<String, Subscription> subscribers = byChannel.get(channel);
        Subscription subscription = subscribers == null ? null : subscribers.get(clientId);
        return subscription != null && !subscription.ended();
    }

    /** This node's subscriptions to {@code channel}: a view, empty when it has none. */
    Collection<Subscription> of(String channel) {
        Map<String, Subscription> subscribers = byChannel.get(channel);
        return subscribers == null ? List.of() : subscribers.values();
    }

    private void forget(String clientId, String channel) {
        byChannel.computeIfPresent(channel, (name, subscribers) -> {
            Subscription ended = subscribers.remove(clientId);
            if (ended != null) {
                ended.end();
            }
            return subscribers.isEmpty() ? null : subscribers;
        });
    }
}
