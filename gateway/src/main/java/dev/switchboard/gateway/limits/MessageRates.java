package dev.switchboard.gateway.limits;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.switchboard.gateway.config.GatewayConfig;

/**
 * The message rates of senders ({@code limits.messages-per-second}, {@code limits.message-burst}): one per
 * WebSocket connection, and one per client posting over HTTP, which any node may receive; this node remembers the
 * latter for at most {@code limits.max-tracked-posters} clients, the least recently posting forgotten first.
 */
@ApplicationScoped
public class MessageRates {

    private final GatewayConfig.Limits limits;
    private final Map<String, MessageRate> posters;

    public MessageRates(GatewayConfig config) {
        this.limits = config.limits();
        int maxPosters = limits.maxTrackedPosters();
        this.posters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MessageRate> eldest) {
                return size() > maxPosters;
            }
        };
    }

    /** A new rate for one connection. */
    public MessageRate forConnection() {
        return new MessageRate(
                limits.messagesPerSecond(), limits.messageBurst(), limits.maxExcessMessages(), System.nanoTime());
    }

    /** What the next POST of {@code clientId} may do. */
    public MessageRate.Verdict admitPost(String clientId) {
        MessageRate rate;
        synchronized (posters) {
            rate = posters.computeIfAbsent(clientId, id -> forConnection());
        }
        return rate.admit(System.nanoTime());
    }
}
