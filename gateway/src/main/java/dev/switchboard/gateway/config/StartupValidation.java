package dev.switchboard.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start a gateway whose configuration cannot be right: a bound that is not positive, and, unless
 * anonymous (local development) mode was asked for, a token verifier without a key, an issuer or an audience. Every
 * problem is named by its key, all at once, before the node takes a client.
 */
@ApplicationScoped
public class StartupValidation {

    static final String PREFIX = "switchboard.gateway.";
    /** Where SmallRye JWT may find the key that verifies tokens: one of these must be set. */
    static final List<String> KEY_SETTINGS = List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey",
            "smallrye.jwt.verify.key.location");
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    private static final String UNSET = "NONE";

    private final GatewayConfig config;
    private final Config settings;

    public StartupValidation(GatewayConfig config, Config settings) {
        this.config = config;
        this.settings = settings;
    }

    void check(@Observes @Priority(0) StartupEvent startup) {
        List<String> problems = problems(config, settings);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("the gateway cannot start:\n  " + String.join("\n  ", problems));
        }
        if (config.security().anonymous()) {
            Log.warn("anonymous mode is on (switchboard.gateway.security.anonymous=true): clients need no token. "
                    + "This is a local development mode, never for production");
        }
    }

    /** Every problem of the configuration, each naming its key; empty when the gateway may start. */
    static List<String> problems(GatewayConfig config, Config settings) {
        List<String> problems = new ArrayList<>();
        verifier(config, settings, problems);
        notNegative(problems, "registry-max-pending", config.registryMaxPending());
        positive(problems, "registry-timeout", config.registryTimeout());
        positive(problems, "node-heartbeat-interval", config.nodeHeartbeatInterval());
        if (config.nodeExpiry().compareTo(config.nodeHeartbeatInterval().multipliedBy(2)) < 0) {
            problems.add(PREFIX + "node-expiry must be at least twice node-heartbeat-interval (is "
                    + config.nodeExpiry() + ")");
        }
        positive(problems, "websocket.max-message-bytes", config.websocket().maxMessageBytes());
        positive(problems, "websocket.ping-interval", config.websocket().pingInterval());
        positive(problems, "websocket.close-grace", config.websocket().closeGrace());
        positive(problems, "sse.keep-alive-interval", config.sse().keepAliveInterval());
        positive(problems, "http.max-body-bytes", config.http().maxBodyBytes());
        positive(problems, "outbound.max-queued-bytes", config.outbound().maxQueuedBytes());
        positive(problems, "outbound.max-queued-messages", config.outbound().maxQueuedMessages());
        positive(problems, "resume.max-events", config.resume().maxEvents());
        positive(problems, "resume.max-age", config.resume().maxAge());
        positive(problems, "resume.max-concurrent", config.resume().maxConcurrent());
        positive(problems, "security.ticket-ttl", config.security().ticketTtl());
        positive(problems, "security.max-tickets", config.security().maxTickets());
        positive(problems, "security.max-tickets-per-user", config.security().maxTicketsPerUser());
        positive(problems, "security.expiry-check-interval", config.security().expiryCheckInterval());
        GatewayConfig.Limits limits = config.limits();
        positive(problems, "limits.max-connections-per-ip", limits.maxConnectionsPerIp());
        positive(problems, "limits.max-connections-per-user", limits.maxConnectionsPerUser());
        positive(problems, "limits.messages-per-second", limits.messagesPerSecond());
        positive(problems, "limits.message-burst", limits.messageBurst());
        positive(problems, "limits.max-excess-messages", limits.maxExcessMessages());
        positive(problems, "limits.max-tracked-posters", limits.maxTrackedPosters());
        GatewayConfig.Fetch fetch = config.fetch();
        notNegative(problems, "fetch.max-pending", fetch.maxPending());
        positive(problems, "fetch.max-body-bytes", fetch.maxBodyBytes());
        positive(problems, "fetch.max-response-bytes", fetch.maxResponseBytes());
        if (fetch.maxBufferedBytes() < (long) fetch.maxBodyBytes() + fetch.maxResponseBytes()) {
            problems.add(PREFIX + "fetch.max-buffered-bytes must hold at least one request and one response "
                    + "(fetch.max-body-bytes + fetch.max-response-bytes); is " + fetch.maxBufferedBytes());
        }
        return problems;
    }

    /**
     * Without anonymous mode every client needs a token, so a verifier must be complete; a verifier that is
     * configured must check issuer and audience in any mode (a token for another service must not pass).
     */
    private static void verifier(GatewayConfig config, Config settings, List<String> problems) {
        boolean key = KEY_SETTINGS.stream().anyMatch(name -> present(settings, name));
        boolean anonymous = config.security().anonymous();
        if (!key && anonymous) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (!key) {
            missing.add("one of " + String.join(", ", KEY_SETTINGS));
        }
        if (!present(settings, ISSUER)) {
            missing.add(ISSUER);
        }
        if (!present(settings, AUDIENCES)) {
            missing.add(AUDIENCES);
        }
        if (!missing.isEmpty()) {
            List<String> given = new ArrayList<>();
            for (String name : concat(KEY_SETTINGS, List.of(ISSUER, AUDIENCES))) {
                if (present(settings, name)) {
                    given.add(name + " (from " + settings.getConfigValue(name).getSourceName() + ")");
                }
            }
            problems.add("tokens cannot be verified safely: set " + String.join(", ", missing)
                    + (anonymous ? "" : " (or, for local development only, " + PREFIX + "security.anonymous=true)")
                    + (given.isEmpty() ? "" : "; given: " + String.join(", ", given)));
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /**
     * Set by whoever runs the gateway. Neither SmallRye JWT's placeholder {@code NONE} (its injection points'
     * default) counts, nor a default value: in dev and test mode Quarkus generates a key and an issuer as defaults.
     */
    private static boolean present(Config settings, String name) {
        ConfigValue value = settings.getConfigValue(name);
        return value.getValue() != null && !value.getValue().isBlank() && !UNSET.equals(value.getValue().trim())
                && value.getSourceOrdinal() > Integer.MIN_VALUE;
    }

    private static void positive(List<String> problems, String key, long value) {
        if (value <= 0) {
            problems.add(PREFIX + key + " must be positive (is " + value + ")");
        }
    }

    /** A bound of 0 is a valid one for what may wait: nothing may, every such request is refused at once. */
    private static void notNegative(List<String> problems, String key, long value) {
        if (value < 0) {
            problems.add(PREFIX + key + " must not be negative (is " + value + ")");
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(PREFIX + key + " must be a positive duration (is " + value + ")");
        }
    }
}
