package dev.switchboard.contract.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Records a client that connected or resumed, keeping the controller its entry already names: a client that
 * resumes on another node is the same client and stays on the service-worker version that controls it (the
 * gateway does not know the controller; worker-service sets it). Flat fields, so that Hazelcast's zero-config
 * compact serialisation carries it to the member.
 */
public record RecordClient(
        String clientId,
        String nodeId,
        String userId,
        String transport,
        String url,
        long connectedAtEpochMillis,
        String controller,
        String type)
        implements EntryProcessor<String, ClientRecord, Void> {

    public static RecordClient of(ClientRecord client) {
        return new RecordClient(
                client.clientId(),
                client.nodeId(),
                client.userId(),
                client.transport(),
                client.url(),
                client.connectedAtEpochMillis(),
                client.controller(),
                client.type());
    }

    @Override
    public Void process(Map.Entry<String, ClientRecord> entry) {
        ClientRecord previous = entry.getValue();
        String kept = controller.isEmpty() && previous != null ? previous.controller() : controller;
        entry.setValue(new ClientRecord(clientId, nodeId, userId, transport, url, connectedAtEpochMillis, kept, type));
        return null;
    }
}
