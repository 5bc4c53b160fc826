package dev.switchboard.worker.api;

/** A client connected to a shared worker, or its port closed. */
public interface ConnectEvent extends WorkerEvent {

    WorkerPort port();
}
