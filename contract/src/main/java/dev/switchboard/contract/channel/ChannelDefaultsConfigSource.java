package dev.switchboard.contract.channel;

import java.util.Map;

import io.smallrye.config.common.MapBackedConfigSource;

/**
 * The built-in {@code user} namespace: {@code user:<id>} is user {@code <id>}'s private channel, every device of
 * theirs may subscribe, no client publishes (handlers and the server API do), and 100 publications of the last 10
 * minutes are kept for recovery. A source of its own at ordinal 50, below every other, so each key can be overridden
 * on its own.
 */
public class ChannelDefaultsConfigSource extends MapBackedConfigSource {

    private static final long serialVersionUID = 1L;

    private static final String USER = "switchboard.channels.namespaces.user.";
    private static final Map<String, String> PROPERTIES = Map.of(
            USER + "subscribe", ChannelSettings.Rule.OWNER.name(),
            USER + "publish", ChannelSettings.Rule.NONE.name(),
            USER + "history-size", "100",
            USER + "history-age", "PT10M");

    public ChannelDefaultsConfigSource() {
        super("switchboard-channel-defaults", PROPERTIES, 50);
    }
}
