package dev.switchboard.contract.channel;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Channels: named, cluster-wide broadcast (docs/protocol.md, "Channels"). A channel's name is
 * {@code <namespace>:<rest>}; its namespace says who may subscribe and publish and how much history Kafka keeps for
 * recovery. A channel whose namespace is not configured does not exist. The {@code user} namespace is built in
 * ({@link ChannelDefaultsConfigSource}): {@code user:<id>} is private to user {@code <id>}; each of its keys can be
 * overridden on its own. Checked at start-up by {@link ChannelSettingsCheck}.
 */
@ConfigMapping(prefix = "switchboard.channels")
public interface ChannelSettings {

    /** Who may do something in a namespace. */
    enum Rule {
        /** Any authenticated client. */
        ANY,
        /** Only the user the channel is named after: the whole rest of the name after the first {@code :}. */
        OWNER,
        /** No client; the server API and handlers still may. */
        NONE,
        /**
         * Subscribing only: the client's worker decides, in its {@code onSubscribe} handler; refused when it does not
         * allow it within {@link #workerDecisionTimeout()} (no such handler, a failure, no answer).
         */
        WORKER
    }

    /** Longest channel name, in characters. */
    @WithDefault("255")
    int maxNameLength();

    /** Most channels one connection may be subscribed to at once; one more is refused with {@code too-many-channels}. */
    @WithDefault("128")
    int maxSubscriptionsPerConnection();

    /** The namespace of a channel whose name has no {@code :}; absent: such channels do not exist. */
    Optional<String> defaultNamespace();

    /** Live publications kept for one subscription while its recovery reads history; past it the recovery resets. */
    @WithDefault("1000")
    int maxBufferedPerSubscription();

    /**
     * Recent event ids each subscription remembers to drop a repeat (a handler's publication published again when
     * its event ran again after a worker crash); 0 remembers none.
     */
    @WithDefault("32")
    int duplicateWindow();

    /** Records a recovery reads at most in the channel's partition (other channels share it) before it resets. */
    @WithDefault("200000")
    int maxScannedRecords();

    /** Recoveries (history reads) one gateway node runs at once; more wait in a queue four times as long. */
    @WithDefault("8")
    int maxConcurrentRecoveries();

    /**
     * Largest publication, in bytes of JSON, from a handler or the server API (a client's is bounded by its
     * frame limits as well); must fit in a Kafka record (checked at start-up).
     */
    @WithDefault("65536")
    int maxPublicationBytes();

    /** How long a subscribe to a {@code WORKER} namespace waits for the worker's decision before it is refused. */
    @WithDefault("PT5S")
    Duration workerDecisionTimeout();

    /** Worker decisions one gateway node waits for at once; past it a subscribe is refused at once (ask again). */
    @WithDefault("1024")
    int maxPendingDecisions();

    /** MessageChannels one connection may open ({@code port-open}); one more is refused with {@code too-many-channels}. */
    @WithDefault("64")
    int maxMessageChannelsPerConnection();

    /** MessageChannels one handler event may create ({@code self.messageChannel()}); one more fails the call. */
    @WithDefault("16")
    int maxMessageChannelsPerEvent();

    /** Most clients a {@code presence} answer lists (the oldest joined first); it says when there are more. */
    @WithDefault("1000")
    int maxPresenceListed();

    /** The namespaces, by name ({@code [a-z0-9_-]+}). */
    Map<String, Namespace> namespaces();

    /** One namespace's rules. */
    interface Namespace {

        /** Who may subscribe. */
        @WithDefault("ANY")
        Rule subscribe();

        /** Who may publish from a client. */
        @WithDefault("NONE")
        Rule publish();

        /** Publications a returning subscriber may recover (0: no history, no recovery). */
        @WithDefault("0")
        int historySize();

        /** How old a publication may be and still be recovered; at most the channels topic's retention. */
        @WithDefault("PT0S")
        Duration historyAge();

        /** Whether the namespace's channels keep presence: who is subscribed, join and leave frames. */
        @WithDefault("false")
        boolean presence();
    }
}
