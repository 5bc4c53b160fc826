package dev.switchboard.contract.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Records a client that connected or resumed, keeping the controller its entry already names: a client that
 * resumes on another node is the same client and stays on the service-worker version that controls it (the
 * gateway does not know the controller; worker-service sets it).
 */
public record RecordClient(ClientRecord client) implements EntryProcessor<String, ClientRecord, Void> {

    @Override
    public Void process(Map.Entry<String, ClientRecord> entry) {
        ClientRecord previous = entry.getValue();
        boolean keepController = previous != null && !previous.controller().isEmpty() && client.controller().isEmpty();
        entry.setValue(keepController ? new ClientRecord(client.clientId(), client.nodeId(), client.userId(),
                client.transport(), client.url(), client.connectedAtEpochMillis(), previous.controller()) : client);
        return null;
    }
}
