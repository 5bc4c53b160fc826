package dev.switchboard.worker.event;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.MessagePort;

/** {@code Client} objects whose {@code postMessage} goes out with an event, when the event succeeds. */
public final class EventClients {

    private EventClients() {}

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
                return record.type();
            }

            @Override
            public String userId() {
                return record.userId();
            }

            @Override
            public void postMessage(Object message) {
                event.post(record.clientId(), message);
            }

            @Override
            public void postMessage(Object message, List<MessagePort> transfer) {
                List<String> ids = new ArrayList<>(transfer.size());
                for (MessagePort port : transfer) {
                    if (!(port instanceof EventPort held)) {
                        throw new IllegalArgumentException("not a port of this worker: " + port);
                    }
                    held.transferTo(event, record.clientId());
                    ids.add(held.id());
                }
                event.post(record.clientId(), message, ids);
            }
        };
    }

    /**
     * The client an event came from, known by its id and user only (it may have left the registry): still
     * reachable through its delivery stream.
     */
    public static Client byId(String clientId, String userId, EventContext event) {
        return of(new ClientRecord(clientId, "", userId, "", "", 0, ""), event);
    }
}
