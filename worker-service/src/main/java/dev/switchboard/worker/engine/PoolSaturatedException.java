package dev.switchboard.worker.engine;

/** Every handler thread is busy and the pool's queue is full; the event is retried later. */
public final class PoolSaturatedException extends RuntimeException {

    public PoolSaturatedException(String pool, int queued) {
        super("the " + pool + " pool has " + queued + " tasks waiting, its bound");
    }
}
