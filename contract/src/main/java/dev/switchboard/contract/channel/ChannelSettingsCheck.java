package dev.switchboard.contract.channel;

import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.switchboard.contract.event.EventLimits;
import dev.switchboard.contract.event.RecordSizes;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.settings.ConfigProblems;
import io.quarkus.runtime.StartupEvent;

/** Fails a service's start when the channel settings cannot be right, naming every key at fault at once. */
@ApplicationScoped
public class ChannelSettingsCheck {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_-]+");
    private static final String PREFIX = "switchboard.channels.";

    void check(@Observes @Priority(0) StartupEvent startup, ChannelSettings settings, EventLimits limits) {
        problems(settings, limits).throwIfAny("the channel settings are inconsistent");
    }

    /** Every problem of {@code settings}; none when the service may start. */
    public static ConfigProblems problems(ChannelSettings settings, EventLimits limits) {
        ConfigProblems problems = new ConfigProblems(PREFIX);
        problems.collect(() -> RecordSizes.requireFits(
                PREFIX + "max-publication-bytes", settings.maxPublicationBytes(), false, limits));
        problems.positive("max-name-length", settings.maxNameLength())
                .positive("max-publication-bytes", settings.maxPublicationBytes())
                .positive("max-presence-listed", settings.maxPresenceListed())
                .notNegative("duplicate-window", settings.duplicateWindow())
                .positive("max-subscriptions-per-connection", settings.maxSubscriptionsPerConnection())
                .positive("max-buffered-per-subscription", settings.maxBufferedPerSubscription())
                .positive("max-scanned-records", settings.maxScannedRecords())
                .positive("max-concurrent-recoveries", settings.maxConcurrentRecoveries())
                .positive("worker-decision-timeout", settings.workerDecisionTimeout())
                .notNegative("max-message-channels-per-event", settings.maxMessageChannelsPerEvent())
                .notNegative("max-message-channels-per-connection", settings.maxMessageChannelsPerConnection())
                .notNegative("max-pending-decisions", settings.maxPendingDecisions());
        ChannelSettings.Namespace ports = settings.namespaces().get(MessagePorts.NAMESPACE);
        problems.require(
                ports != null && ports.historySize() > 0 && !ports.historyAge().isZero(),
                PREFIX
                        + "namespaces." + MessagePorts.NAMESPACE
                        + " must keep history (history-size above 0, history-age above "
                        + "zero): MessageChannel ports are read from it");
        settings.defaultNamespace()
                .ifPresent(name -> problems.require(
                        settings.namespaces().containsKey(name),
                        PREFIX + "default-namespace = " + name + " names no namespace of " + PREFIX + "namespaces"));
        var retention = Topics.ALL.stream()
                .filter(topic -> topic.name().equals(Topics.CHANNELS))
                .findFirst()
                .orElseThrow()
                .retention();
        for (Map.Entry<String, ChannelSettings.Namespace> entry :
                settings.namespaces().entrySet()) {
            String key = "namespaces." + entry.getKey();
            ChannelSettings.Namespace namespace = entry.getValue();
            problems.require(
                            NAMESPACE.matcher(entry.getKey()).matches(),
                            PREFIX + key + ": a namespace name is lower-case letters, digits, '_' and '-'")
                    .require(
                            namespace.publish() != ChannelSettings.Rule.WORKER,
                            PREFIX + key + ".publish = WORKER: only subscribing is decided by the worker (onSubscribe)")
                    .notNegative(key + ".history-size", namespace.historySize())
                    .notNegative(key + ".history-age", namespace.historyAge())
                    // The broker deletes what is older: a longer age would promise a recovery that cannot happen.
                    .require(
                            namespace.historyAge().compareTo(retention) <= 0,
                            PREFIX + key + ".history-age = "
                                    + namespace.historyAge() + " is longer than the retention of " + Topics.CHANNELS
                                    + " ("
                                    + retention + ")")
                    .require(
                            namespace.historySize() == 0
                                    || !namespace.historyAge().isZero(),
                            PREFIX + key + ".history-size = " + namespace.historySize()
                                    + " needs a history-age above zero");
        }
        return problems;
    }
}
