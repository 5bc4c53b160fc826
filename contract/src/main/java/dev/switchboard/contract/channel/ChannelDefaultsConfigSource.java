package dev.switchboard.contract.channel;

import java.util.Map;

import io.smallrye.config.common.MapBackedConfigSource;

/**
 * The built-in {@code user} namespace: {@code user:<id>} is user {@code <id>}'s private channel, every device of
 * theirs may subscribe, no client publishes (handlers and the server API do), and 100 publications of the last 10
 * minutes are kept for recovery. And {@code port}, the inboxes of MessageChannel ports ({@link MessagePorts}): what
 * a port's holder has not read yet, 1,000 messages of the last hour. A source of its own at ordinal 50, below every
 * other, so each key can be overridden on its own.
 */
public class ChannelDefaultsConfigSource extends MapBackedConfigSource {

    private static final long serialVersionUID = 1L;

    private static final String USER = "switchboard.channels.namespaces.user.";
    private static final String PORT = "switchboard.channels.namespaces." + MessagePorts.NAMESPACE + ".";
    private static final Map<String, String> PROPERTIES = Map.of(
            USER + "subscribe",
            ChannelSettings.Rule.OWNER.name(),
            USER + "publish",
            ChannelSettings.Rule.NONE.name(),
            USER + "history-size",
            "100",
            USER + "history-age",
            "PT10M",
            // MessageChannel inboxes: only through port frames, never subscribed or published to by name.
            PORT + "subscribe",
            ChannelSettings.Rule.NONE.name(),
            PORT + "publish",
            ChannelSettings.Rule.NONE.name(),
            PORT + "history-size",
            "1000",
            PORT + "history-age",
            "PT1H");

    public ChannelDefaultsConfigSource() {
        super("switchboard-channel-defaults", PROPERTIES, 50);
    }
}
