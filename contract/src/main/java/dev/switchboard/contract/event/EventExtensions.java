package dev.switchboard.contract.event;

/**
 * CloudEvent extension attributes Switchboard sets. Names follow the CloudEvents rule (lower-case letters
 * and digits only); in Kafka binary mode each becomes a {@code ce_<name>} header.
 */
public final class EventExtensions {

    /** The client the event comes from or goes to. */
    public static final String CLIENT_ID = "clientid";

    /** The authenticated user behind the client (an {@code anonymous:…} user of its own in anonymous mode). */
    public static final String USER_ID = "userid";

    /** The service-worker registration whose handler the event wakes. */
    public static final String REGISTRATION_ID = "registrationid";

    /** For a delivery: the id of the event it answers, so clients and tests can correlate. */
    public static final String IN_REPLY_TO = "inreplyto";

    /** The service-worker version (bundle digest) that must handle the event: the client's controller. */
    public static final String WORKER_VERSION = "workerversion";

    /** The gateway node waiting for the answer to a request-reply event (fetch). */
    public static final String REPLY_TO = "replyto";

    /** On a sync registration ({@code dev.switchboard.sync.register}): the sync's tag. */
    public static final String SYNC_TAG = "synctag";

    /** The channel a publication, join or leave belongs to ({@link Topics#CHANNELS}). */
    public static final String CHANNEL = "channel";

    /** On a channel publication from a client: {@code true} when the publishing client gets its own publication too. */
    public static final String ECHO = "echo";

    /**
     * On a worker's delivery that transfers MessageChannel ports to the client: their ids, separated by spaces (the
     * client starts each with a {@code port-start}).
     */
    public static final String PORTS = "ports";

    /** The CloudEvents Kafka binding's partitioning extension; equals the record key. */
    public static final String PARTITION_KEY = "partitionkey";

    private EventExtensions() {}
}
