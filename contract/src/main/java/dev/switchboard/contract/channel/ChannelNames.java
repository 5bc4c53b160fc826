package dev.switchboard.contract.channel;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides what may be done with a channel name: whether it is a name at all, which namespace it is in, and whether a
 * user may subscribe to it or publish to it from a client. Every service asks here, so a name means the same
 * everywhere.
 */
@ApplicationScoped
public class ChannelNames {

    /** Separates a channel's namespace from the rest of its name. */
    public static final char NAMESPACE_SEPARATOR = ':';

    /** What a check found. */
    public enum Outcome {
        ALLOWED,
        /** Not a channel name: empty, too long, or a character outside visible ASCII. */
        BAD_NAME,
        /** The name's namespace is not configured: the channel does not exist. */
        UNKNOWN_NAMESPACE,
        /** The namespace's rule refuses the user. */
        NOT_ALLOWED,
        /** The namespace's rule is {@code WORKER}: the client's worker decides (a subscribe only). */
        ASK_WORKER
    }

    /** A check's outcome and, unless allowed, a reason a client can read. */
    public record Verdict(Outcome outcome, String reason) {

        static final Verdict ALLOWED = new Verdict(Outcome.ALLOWED, null);
        static final Verdict ASK_WORKER = new Verdict(Outcome.ASK_WORKER, null);

        /** Allowed, as a check that is not this class's own (a worker's, say) found. */
        public static Verdict allow() {
            return ALLOWED;
        }

        public boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }
    }

    private final ChannelSettings settings;

    public ChannelNames(ChannelSettings settings) {
        this.settings = settings;
    }

    /** The settings the names are checked against. */
    public ChannelSettings settings() {
        return settings;
    }

    /** The namespace {@code channel} is in, if it names a configured one (the name itself is not checked). */
    public Optional<ChannelSettings.Namespace> namespaceOf(String channel) {
        return namespaceName(channel).map(name -> settings.namespaces().get(name));
    }

    /** Whether {@code userId} may subscribe to {@code channel}. */
    public Verdict subscribe(String userId, String channel) {
        return check(userId, channel, "subscribe to", true);
    }

    /** Whether {@code userId} may publish to {@code channel} from a client. */
    public Verdict publish(String userId, String channel) {
        return check(userId, channel, "publish to", false);
    }

    /** Whether the server (its API with a publisher's token, a handler) may publish to {@code channel}: it exists. */
    public Verdict publishAsServer(String channel) {
        Verdict exists = exists(channel);
        return exists != null ? exists : Verdict.ALLOWED;
    }

    private Verdict check(String userId, String channel, String action, boolean subscribing) {
        Verdict exists = exists(channel);
        if (exists != null) {
            return exists;
        }
        ChannelSettings.Namespace namespace = namespaceOf(channel).orElseThrow();
        ChannelSettings.Rule rule = subscribing ? namespace.subscribe() : namespace.publish();
        return switch (rule) {
            case ANY -> Verdict.ALLOWED;
            case OWNER ->
                !userId.isEmpty() && owner(channel).equals(userId)
                        ? Verdict.ALLOWED
                        : new Verdict(
                                Outcome.NOT_ALLOWED, "only its own user may " + action + " channel '" + channel + "'");
            case NONE -> new Verdict(Outcome.NOT_ALLOWED, "clients may not " + action + " channel '" + channel + "'");
            // ChannelSettingsCheck refuses WORKER for publishing at start-up.
            case WORKER ->
                subscribing
                        ? Verdict.ASK_WORKER
                        : new Verdict(Outcome.NOT_ALLOWED, "clients may not " + action + " channel '" + channel + "'");
        };
    }

    /** Null when {@code channel} is a name in a configured namespace; the refusal otherwise. */
    private Verdict exists(String channel) {
        if (channel == null || channel.isEmpty() || channel.length() > settings.maxNameLength()) {
            return new Verdict(Outcome.BAD_NAME, "a channel name is 1 to " + settings.maxNameLength() + " characters");
        }
        for (int i = 0; i < channel.length(); i++) {
            char c = channel.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return new Verdict(
                        Outcome.BAD_NAME, "a channel name is visible ASCII: no spaces or control characters");
            }
        }
        if (namespaceOf(channel).isEmpty()) {
            return new Verdict(
                    Outcome.UNKNOWN_NAMESPACE,
                    namespaceName(channel)
                            .map(name -> "no channel namespace '" + name + "' is configured")
                            .orElse(
                                    "a channel name needs a namespace ('<namespace>:<name>'): no default namespace is configured"));
        }
        return null;
    }

    private Optional<String> namespaceName(String channel) {
        int separator = channel.indexOf(NAMESPACE_SEPARATOR);
        return separator < 0 ? settings.defaultNamespace() : Optional.of(channel.substring(0, separator));
    }

    /** The user an OWNER namespace's channel belongs to: everything after the first separator (ids may hold one). */
    private static String owner(String channel) {
        int separator = channel.indexOf(NAMESPACE_SEPARATOR);
        return separator < 0 ? "" : channel.substring(separator + 1);
    }
}
