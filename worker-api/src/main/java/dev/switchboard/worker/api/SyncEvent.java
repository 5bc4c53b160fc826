package dev.switchboard.worker.api;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code SyncEvent}: one attempt of a background sync registered under {@code tag}. */
public interface SyncEvent extends ExtendableEvent {

    String userId();

    String tag();

    /** The payload given when the sync was registered (a JSON value). */
    JsonNode payload();

    /** The attempt number, from 1. */
    int attempt();

    /** True on the last attempt: a failure now sends the sync to the dead-letter topic. */
    boolean lastChance();
}
