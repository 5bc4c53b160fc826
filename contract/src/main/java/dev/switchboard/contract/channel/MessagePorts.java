package dev.switchboard.contract.channel;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import dev.switchboard.contract.event.SwitchboardEvents;
import io.cloudevents.CloudEvent;

/**
 * MessageChannel ports (docs/protocol.md, "MessageChannel"): a pair {@code <pair>.1} and {@code <pair>.2}, where
 * {@code <pair>} is 128 random bits. What is posted on one port arrives in the other's inbox, the channel
 * {@code port:<port id>} of the built-in {@code port} namespace; both inboxes share one Kafka key, {@code port:<pair>},
 * so a pair lives in one partition and one position orders everything sent through it.
 */
public final class MessagePorts {

    /** The namespace of port inboxes. */
    public static final String NAMESPACE = "port";

    private static final String PREFIX = NAMESPACE + ChannelNames.NAMESPACE_SEPARATOR;
    private static final Pattern PORT_ID = Pattern.compile("[A-Za-z0-9_-]{22}\\.[12]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private MessagePorts() {}

    /**
     * How long an event may hold a port (the {@code port} namespace's {@code history-age}: what was posted to it is
     * not kept longer); a port still held by an event after that expires, and the other end is told it closed.
     */
    public static Duration eventHoldingTime(ChannelSettings settings) {
        return settings.namespaces().get(NAMESPACE).historyAge();
    }

    /** A new pair's two port ids. */
    public static List<String> newPair() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        String pair = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        return List.of(pair + ".1", pair + ".2");
    }

    /** Whether {@code port} has the shape of a port id (it may still be unknown). */
    public static boolean isPortId(String port) {
        return port != null && PORT_ID.matcher(port).matches();
    }

    /** The other end of {@code port}. */
    public static String peerOf(String port) {
        return port.substring(0, port.length() - 1) + (port.endsWith("1") ? "2" : "1");
    }

    /** The inbox of {@code port}: the channel its holder reads and the other end's messages go to. */
    public static String inboxOf(String port) {
        return PREFIX + port;
    }

    /** The port whose inbox {@code channel} is, or null when it is no inbox. */
    public static String portOfInbox(String channel) {
        return channel.startsWith(PREFIX) ? channel.substring(PREFIX.length()) : null;
    }

    /**
     * The record posting JSON {@code json} on {@code port}: a publication to the other end's inbox, keyed by the
     * pair; {@code clientId}/{@code userId} name the posting client (null when a handler posts).
     */
    public static CloudEvent message(URI source, String port, String clientId, String userId, byte[] json) {
        return SwitchboardEvents.channelPublication(
                source, keyOf(port), inboxOf(peerOf(port)), clientId, userId, false, json);
    }

    /** The two records closing {@code port}'s pair: one into each end's inbox, this port's first. */
    public static List<CloudEvent> closed(URI source, String port) {
        return List.of(
                SwitchboardEvents.portClosed(source, keyOf(port), inboxOf(port)),
                SwitchboardEvents.portClosed(source, keyOf(port), inboxOf(peerOf(port))));
    }

    /** The Kafka key of both inboxes of {@code port}'s pair. */
    public static String keyOf(String port) {
        return PREFIX + port.substring(0, port.length() - 2);
    }
}
