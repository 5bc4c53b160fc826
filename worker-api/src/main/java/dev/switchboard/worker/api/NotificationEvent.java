package dev.switchboard.worker.api;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code NotificationEvent}: a user clicked or closed a notification on one of their clients. */
public interface NotificationEvent extends ExtendableEvent {

    String userId();

    /** The client where it happened. */
    Client source();

    /** The notification's tag (may be empty). */
    String tag();

    /** The action button clicked, empty for the notification itself or a close. */
    String action();

    /** The notification's {@code data} option (a JSON value). */
    JsonNode data();
}
