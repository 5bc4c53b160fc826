package dev.switchboard.worker.api;

/** What a dedicated or shared worker's handler is called with. */
public interface WorkerEvent {

    WorkerScope self();

    /** True when the worker was running on another node before and goes on here from its committed state. */
    boolean resumed();
}
