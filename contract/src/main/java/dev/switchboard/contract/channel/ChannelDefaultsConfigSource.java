package dev.switchboard.contract.channel;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The built-in {@code user} namespace: {@code user:<id>} is user {@code <id>}'s private channel, every device of
 * theirs may subscribe, no client publishes (handlers and the server API do), and 100 publications of the last 10
 * minutes are kept for recovery. A source of its own at ordinal 50, below every other, so each key can be overridden
 * on its own.
 */
public class ChannelDefaultsConfigSource implements ConfigSource {

    private static final String USER = "switchboard.channels.namespaces.user.";
    private static final Map<String, String> PROPERTIES = Map.of(
            USER + "subscribe", ChannelSettings.Rule.OWNER.name(),
            USER + "publish", ChannelSettings.Rule.NONE.name(),
            USER + "history-size", "100",
            USER + "history-age", "PT10M");

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "switchboard-channel-defaults";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
