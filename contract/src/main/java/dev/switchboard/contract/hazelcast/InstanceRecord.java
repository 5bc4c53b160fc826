package dev.switchboard.contract.hazelcast;

import java.io.Serializable;

/**
 * One running dedicated or shared worker ({@link HazelcastNames#WORKER_INSTANCES}, key: its instance id). Only the
 * node that holds the instance's partition of the workers topic with the newest group generation ({@code token})
 * may change it ({@link InstanceUpdate}); a node whose write is refused no longer runs the instance.
 *
 * @param instanceId the instance id ({@code WorkerMessages.dedicatedId}/{@code sharedId})
 * @param kind {@code DEDICATED} or {@code SHARED}
 * @param url the script URL it was started from
 * @param digest the bundle it runs, fixed for its life (a later publish of the URL starts new instances only)
 * @param name a shared worker's name ({@code ""} for a dedicated one)
 * @param owner the worker node running it
 * @param token the fencing token: the consumer-group generation at which {@code owner} was assigned the partition
 * @param connections JSON object of its connections, {@code "<clientId> <handle>" → {"clientId","userId","handle"}}
 * @param state JSON object: the committed {@code WorkerState}
 * @param appliedOffset the offset of the last request applied (one partition holds all of the instance's requests)
 * @param pending JSON array of what that request sent, sent again (under the same ids) by a node taking over
 *     <p>Serializable: it travels inside {@link InstanceUpdate}, an entry processor, which Hazelcast writes with Java
 *     serialization.
 */
public record InstanceRecord(
        String instanceId,
        String kind,
        String url,
        String digest,
        String name,
        String owner,
        long token,
        String connections,
        String state,
        long appliedOffset,
        String pending)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public InstanceRecord ownedBy(String newOwner, long newToken) {
        return new InstanceRecord(
                instanceId, kind, url, digest, name, newOwner, newToken, connections, state, appliedOffset, pending);
    }

    /** The record after a request at {@code offset} was applied with these results. */
    public InstanceRecord applied(String newConnections, String newState, long offset, String sent) {
        return new InstanceRecord(
                instanceId, kind, url, digest, name, owner, token, newConnections, newState, offset, sent);
    }

    /** True when {@code node} holding {@code fencingToken} may write it. */
    public boolean writableBy(String node, long fencingToken) {
        return token == fencingToken && owner.equals(node);
    }
}
