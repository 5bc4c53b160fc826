package dev.switchboard.worker.engine;

/**
 * The event's partition belongs to another node now (a newer owner fenced this one): the engine drops the event
 * without acknowledging or marking it, so its new owner handles it.
 */
public final class PartitionLostException extends RuntimeException {

    public PartitionLostException(String message) {
        super(message, null, false, false);
    }
}
