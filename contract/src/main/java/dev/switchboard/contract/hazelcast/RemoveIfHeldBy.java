package dev.switchboard.contract.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Removes a client's registry entry only while it still names {@code nodeId}: a node that notices a lost
 * connection late must not erase the entry of the node the client has meanwhile resumed on.
 */
public record RemoveIfHeldBy(String nodeId) implements EntryProcessor<String, ClientRecord, Boolean> {

    @Override
    public Boolean process(Map.Entry<String, ClientRecord> entry) {
        ClientRecord record = entry.getValue();
        if (record != null && record.nodeId().equals(nodeId)) {
            entry.setValue(null);
            return true;
        }
        return false;
    }
}
