package dev.switchboard.contract.hazelcast;

import java.util.Map;

import com.hazelcast.projection.Projection;

/**
 * The bundle digest an {@link InstanceRecord} runs, read on the members: what the bundle collector must keep while
 * a dedicated or shared worker may still be taken over.
 */
public final class InstanceDigest implements Projection<Map.Entry<String, InstanceRecord>, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String transform(Map.Entry<String, InstanceRecord> entry) {
        return entry.getValue().digest();
    }
}
