package dev.switchboard.contract.hazelcast;

/** Names of the distributed structures in the Hazelcast cluster, in one place. */
public final class HazelcastNames {

    /** Client id → {@link ClientRecord}: which gateway node holds each connected client. */
    public static final String CLIENTS = "switchboard.clients";

    private HazelcastNames() {
    }
}
