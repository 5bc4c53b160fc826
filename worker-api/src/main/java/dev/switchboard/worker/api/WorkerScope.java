package dev.switchboard.worker.api;

import java.util.List;

/** A dedicated or shared worker's {@code self}. */
public interface WorkerScope {

    /** The instance's id, the same on every node that runs it. */
    String id();

    /** A shared worker's name ({@code ""} for a dedicated one). */
    String name();

    /** The state that survives the loss of the node running the worker (committed when a task succeeds). */
    WorkerState state();

    /** The open ports: a dedicated worker's one client, a shared worker's connections. */
    List<WorkerPort> ports();

    /** Posts {@code message} on every open port (a dedicated worker: to its client). */
    void postMessage(Object message);

    /** {@code self.close()}: the worker ends when the task is done, and every port is told. */
    void close();
}
