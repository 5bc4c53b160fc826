package dev.switchboard.worker.instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.contract.event.WorkerMessages;

/**
 * An instance running on this node: its worker object (whose fields are its in-memory state) and what it last
 * committed. Only the engine's one task at a time per instance touches it.
 */
final class LiveInstance {

    final String instanceId;
    final WorkerMessages.Kind kind;
    final String url;
    final String digest;
    final String name;
    final Object worker;
    final int partition;
    final long token;
    Map<String, Connection> connections;
    ObjectNode state;
    /** True when it was taken over from the record another node left (its fields start empty again). */
    final boolean restored;
    /** The offset of the last request applied, and what it sent (sent again if that request comes again). */
    long appliedOffset = -1;

    List<Sent> lastSent = List.of();
    /** False until a task ran on this node: its first one calls {@code onStart} first. */
    boolean started;

    LiveInstance(
            String instanceId,
            WorkerMessages.Kind kind,
            String url,
            String digest,
            String name,
            Object worker,
            int partition,
            long token,
            Map<String, Connection> connections,
            ObjectNode state,
            boolean restored) {
        this.instanceId = instanceId;
        this.kind = kind;
        this.url = url;
        this.digest = digest;
        this.name = name;
        this.worker = worker;
        this.partition = partition;
        this.token = token;
        this.connections = new LinkedHashMap<>(connections);
        this.state = state;
        this.restored = restored;
    }
}
