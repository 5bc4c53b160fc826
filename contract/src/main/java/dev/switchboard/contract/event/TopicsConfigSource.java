package dev.switchboard.contract.event;

import java.util.Map;

import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Exposes {@link Topics} to configuration as {@code switchboard.topic.*}, so that channel configuration says
 * {@code topic=${switchboard.topic.events}} and the Java constants stay the one place topic names are spelled.
 * Ordinal 50: below every other source, so an operator can still rename a topic in configuration.
 */
public class TopicsConfigSource extends MapBackedConfigSource {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> PROPERTIES = Map.of(
            "switchboard.topic.events", Topics.EVENTS,
            "switchboard.topic.deliveries", Topics.DELIVERIES,
            "switchboard.topic.push-sends", Topics.PUSH_SENDS,
            "switchboard.topic.fetch-responses", Topics.FETCH_RESPONSES,
            "switchboard.topic.sync", Topics.SYNC,
            "switchboard.topic.sync-outcomes", Topics.SYNC_OUTCOMES,
            "switchboard.topic.sync-dead-letter", Topics.SYNC_DEAD_LETTER,
            "switchboard.topic.events-dead-letter", Topics.EVENTS_DEAD_LETTER,
            "switchboard.topic.channels", Topics.CHANNELS,
            "switchboard.topic.workers", Topics.WORKERS);

    public TopicsConfigSource() {
        super("switchboard-topics", PROPERTIES, 50);
    }
}
