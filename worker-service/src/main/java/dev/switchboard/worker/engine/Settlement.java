package dev.switchboard.worker.engine;

/** How the engine finished with an event. */
public enum Settlement {
    /** Handled, and what it produced is in Kafka. */
    HANDLED,
    /** Handled before, within the duplicate window: passed over. */
    DUPLICATE,
    /** Could not be handled: it is on the dead-letter topic, with why. */
    DEAD_LETTERED,
    /** Its partition was taken from this node before it ran: its new owner handles it. Not acknowledged. */
    DROPPED;

    /** True when the record's offset may be committed. */
    public boolean acknowledges() {
        return this != DROPPED;
    }
}
