package dev.switchboard.worker.api;

import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A worker's durable state: JSON values by key, in the cluster. A task's changes are committed together when it
 * succeeds, before what it sent leaves, so the node that takes a worker over sees exactly what the messages sent so
 * far were answered from; a task that throws changes nothing. Bounded in size ({@code switchboard.worker.instances.
 * max-state-bytes}): a task whose state grows past it fails.
 */
public interface WorkerState {

    Optional<JsonNode> get(String key);

    /** The value under {@code key} read as a {@code type} (as Jackson reads it). */
    <T> Optional<T> get(String key, Class<T> type);

    /** Sets {@code key} to {@code value} (anything Jackson writes as JSON). */
    void put(String key, Object value);

    void remove(String key);

    Set<String> keys();
}
