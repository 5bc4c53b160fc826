package dev.switchboard.worker.event;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.worker.api.Client;

/** {@code Client} objects whose {@code postMessage} goes out with an event, when the event succeeds. */
public final class EventClients {

    private EventClients() {
    }

    /** A client that posts through {@code event}. */
    public static Client of(ClientRecord record, EventContext event) {
        return new Client() {
            @Override
            public String id() {
                return record.clientId();
            }

            @Override
            public String url() {
                return record.url();
            }

            @Override
            public String type() {
                return "window";
            }

            @Override
            public void postMessage(Object message) {
                event.post(record.clientId(), message);
            }
        };
    }

    /** A client known only by id (it may have left the registry): still reachable through its delivery stream. */
    public static Client byId(String clientId, EventContext event) {
        return of(new ClientRecord(clientId, "", "", "", "", 0, ""), event);
    }
}
