package dev.switchboard.contract.hazelcast;

/** Names of the distributed structures in the Hazelcast cluster, in one place. */
public final class HazelcastNames {

    /** Client id → {@link ClientRecord}: which gateway node holds each connected client. */
    public static final String CLIENTS = "switchboard.clients";

    /**
     * Client id → user id, kept for the resume window after the client leaves: only the same user may resume
     * a client's stream.
     */
    public static final String CLIENT_OWNERS = "switchboard.client-owners";

    /**
     * Gateway node id → when it last said it is alive, with a time to live: a node missing here is dead, and
     * its clients' registry entries are removed (no ghosts).
     */
    public static final String GATEWAY_NODES = "switchboard.gateway-nodes";

    /**
     * Registration id → {@link RegistrationRecord}: every service-worker registration, its scope and the
     * versions installing, waiting and active. Durable for the cluster's life; worker-service writes it, the
     * gateway reads it to decide which requests are intercepted.
     */
    public static final String REGISTRATIONS = "switchboard.registrations";

    private HazelcastNames() {
    }
}
