package dev.switchboard.gateway.config;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import dev.switchboard.contract.settings.ConfigProblems;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a gateway whose configuration cannot be right: a bound that is not positive, and, unless
 * anonymous (local development) mode was asked for, a token verifier without a key, an issuer or an audience. Every
 * problem is named by its key, all at once, before the node takes a client.
 */
@ApplicationScoped
public class StartupValidation {

    static final String PREFIX = "switchboard.gateway.";
    /** Where SmallRye JWT may find the key that verifies tokens: one of these must be set. */
    static final List<String> KEY_SETTINGS =
            List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.publickey", "smallrye.jwt.verify.key.location");

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
        ConfigProblems.throwIfAny("the gateway cannot start", problems(config, settings));
        if (config.security().anonymous()) {
            Log.warn("anonymous mode is on (switchboard.gateway.security.anonymous=true): clients need no token. "
                    + "This is a local development mode, never for production");
        }
    }

    /** Every problem of the configuration, each naming its key; empty when the gateway may start. */
    static List<String> problems(GatewayConfig config, Config settings) {
        ConfigProblems problems = new ConfigProblems(PREFIX);
        verifier(config, settings, problems);
        problems.notNegative("registry-max-pending", config.registryMaxPending())
                .positive("registry-timeout", config.registryTimeout())
                .positive("node-heartbeat-interval", config.nodeHeartbeatInterval())
                .require(
                        config.nodeExpiry()
                                        .compareTo(
                                                config.nodeHeartbeatInterval().multipliedBy(2))
                                >= 0,
                        PREFIX + "node-expiry must be at least twice node-heartbeat-interval (is " + config.nodeExpiry()
                                + ")")
                .positive("websocket.max-message-bytes", config.websocket().maxMessageBytes())
                .positive("websocket.ping-interval", config.websocket().pingInterval())
                .positive("websocket.close-grace", config.websocket().closeGrace())
                .positive("sse.keep-alive-interval", config.sse().keepAliveInterval())
                .positive("http.max-body-bytes", config.http().maxBodyBytes())
                .positive("outbound.max-queued-bytes", config.outbound().maxQueuedBytes())
                .positive("outbound.max-queued-messages", config.outbound().maxQueuedMessages())
                .positive("resume.max-events", config.resume().maxEvents())
                .positive("resume.max-age", config.resume().maxAge())
                .positive("resume.max-concurrent", config.resume().maxConcurrent())
                .positive("security.ticket-ttl", config.security().ticketTtl())
                .positive("security.max-tickets", config.security().maxTickets())
                .positive("security.max-tickets-per-user", config.security().maxTicketsPerUser())
                .positive("security.expiry-check-interval", config.security().expiryCheckInterval());
        GatewayConfig.Limits limits = config.limits();
        problems.positive("limits.max-connections-per-ip", limits.maxConnectionsPerIp())
                .positive("limits.max-connections-per-user", limits.maxConnectionsPerUser())
                .positive("limits.messages-per-second", limits.messagesPerSecond())
                .positive("limits.message-burst", limits.messageBurst())
                .positive("limits.max-excess-messages", limits.maxExcessMessages())
                .positive("limits.max-tracked-posters", limits.maxTrackedPosters());
        GatewayConfig.Fetch fetch = config.fetch();
        problems.notNegative("fetch.max-pending", fetch.maxPending())
                .positive("fetch.max-body-bytes", fetch.maxBodyBytes())
                .positive("fetch.max-response-bytes", fetch.maxResponseBytes())
                .require(
                        fetch.maxBufferedBytes() >= (long) fetch.maxBodyBytes() + fetch.maxResponseBytes(),
                        PREFIX + "fetch.max-buffered-bytes must hold at least one request and one response "
                                + "(fetch.max-body-bytes + fetch.max-response-bytes); is " + fetch.maxBufferedBytes());
        return problems.list();
    }

    /**
     * Without anonymous mode every client needs a token, so a verifier must be complete; a verifier that is
     * configured must check issuer and audience in any mode (a token for another service must not pass).
     */
    private static void verifier(GatewayConfig config, Config settings, ConfigProblems problems) {
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
        problems.require(
                missing.isEmpty(),
                "tokens cannot be verified safely: set " + String.join(", ", missing)
                        + (anonymous ? "" : " (or, for local development only, " + PREFIX + "security.anonymous=true)")
                        + given(settings));
    }

    /** The verifier settings that are set, each with where it came from, to tell an operator what was read. */
    private static String given(Config settings) {
        List<String> given = new ArrayList<>();
        for (String name : concat(KEY_SETTINGS, List.of(ISSUER, AUDIENCES))) {
            if (present(settings, name)) {
                given.add(name + " (from " + settings.getConfigValue(name).getSourceName() + ")");
            }
        }
        return given.isEmpty() ? "" : "; given: " + String.join(", ", given);
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
        return value.getValue() != null
                && !value.getValue().isBlank()
                && !UNSET.equals(value.getValue().trim())
                && value.getSourceOrdinal() > Integer.MIN_VALUE;
    }
}
