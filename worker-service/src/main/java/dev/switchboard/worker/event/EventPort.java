package dev.switchboard.worker.event;

import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.worker.api.MessagePort;

/** A MessageChannel port as a handler holds it: held by its event until passed to a client. */
public final class EventPort implements MessagePort {

    /** What the cluster does for a handler's ports (over Hazelcast, in the scope). */
    public interface Grid {

        /** Passes {@code port} from {@code holder} to client {@code clientId}; false when {@code holder} has it not. */
        boolean transfer(String port, String holder, String clientId);

        /** Closes {@code port}'s pair if {@code holder} holds it; the closing records leave with {@code event}. */
        void close(String port, String holder, EventContext event);

        /** Posts {@code message} on {@code port}, which {@code holder} must hold; it leaves with {@code event}. */
        void post(String port, String holder, Object message, EventContext event);
    }

    private final String id;
    private final Grid grid;
    private final EventContext event;

    public EventPort(String id, Grid grid, EventContext event) {
        this.id = id;
        this.grid = grid;
        this.event = event;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void postMessage(Object message) {
        grid.post(id, holder(), message, event);
    }

    @Override
    public void close() {
        grid.close(id, holder(), event);
    }

    /** Passes the port to client {@code clientId}, if this event still holds it. */
    void transferTo(EventContext from, String clientId) {
        if (from != event || !grid.transfer(id, holder(), clientId)) {
            throw new IllegalArgumentException("port " + id + " is not this event's to pass on");
        }
    }

    private String holder() {
        return PortRecord.event(event.id());
    }
}
