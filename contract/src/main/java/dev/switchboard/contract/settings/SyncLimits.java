package dev.switchboard.contract.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The bound of a background sync's payload, one setting for every service that handles one: the gateway (a
 * client's {@code sync} frame), worker-service ({@code registerSync}) and push-service (the registration it
 * schedules). One value, so that a payload one service accepts is never refused by the next. Checked at start-up
 * against the Kafka record size by {@link SharedSettingsCheck}.
 */
@ConfigMapping(prefix = "switchboard.sync")
public interface SyncLimits {

    /** Largest payload of one sync registration, in bytes of JSON. */
    @WithDefault("16384")
    int maxPayloadBytes();
}
