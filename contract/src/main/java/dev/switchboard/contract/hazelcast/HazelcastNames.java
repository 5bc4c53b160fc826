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

    /**
     * Bundle digest (SHA-256, lower-case hex) → the bundle's bytes (a jar): every published service-worker
     * version, stored cluster-wide so that any worker node can load it.
     */
    public static final String BUNDLES = "switchboard.bundles";

    /**
     * Script URL → the digest of the bundle last published under it: what {@code update()} compares with the
     * registration's newest version (the server side of fetching the script again).
     */
    public static final String SCRIPTS = "switchboard.scripts";

    /**
     * Bundle digest → since when (epoch millis) nothing references it: worker-service deletes a bundle that stays
     * unreferenced for {@code switchboard.worker.bundles.gc-grace}.
     */
    public static final String BUNDLE_ORPHANS = "switchboard.bundle-orphans";

    /** {@code registrationId/digest} → {@link VersionRecord}: the lifecycle state of each version of a registration. */
    public static final String VERSIONS = "switchboard.worker-versions";

    /**
     * Registration id → the node running its current lifecycle transition, with a time to live: the lease that
     * keeps two nodes from running conflicting transitions; an expired lease lets another node retry.
     */
    public static final String TRANSITIONS = "switchboard.worker-transitions";

    /**
     * Registration id → the registration as it was when {@code unregister()} removed it (stamped with that time):
     * it is cleared (versions redundant, clients uncontrolled) once no node runs its events, by whichever node
     * finds it so first.
     */
    public static final String UNREGISTERING = "switchboard.worker-unregistering";

    /**
     * {@code registrationId/version/nodeId} → true while that node runs events of that version (activation waits for
     * none of the active version's, unregister for none of the registration's).
     */
    public static final String IN_FLIGHT = "switchboard.worker-in-flight";

    /**
     * Event id → when a worker finished it, for a bounded window (time to live and size set on the members): a
     * redelivered event found here was handled already and is passed over (docs/events.md, "Duplicates").
     */
    public static final String HANDLED_EVENTS = "switchboard.worker-handled-events";

    /**
     * Body id → bytes of an event body too large to travel inside its Kafka record (a fetch request's or
     * response's body): the event carries the id, the receiver takes the bytes. Time to live and a size bound set
     * on the members ({@link EventBodies}).
     */
    public static final String EVENT_BODIES = "switchboard.event-bodies";

    /**
     * push-service's VAPID keys ({@code switchboard.push.vapid-keys}, private parts sealed) and the id of the
     * current one ({@code switchboard.push.vapid-current}).
     */
    public static final String PUSH_VAPID_KEYS = "switchboard.push.vapid-keys";

    public static final String PUSH_VAPID_CURRENT = "switchboard.push.vapid-current";

    /**
     * {@code <channel> <clientId>} → {@link PresenceRecord}: who is subscribed to the channels of namespaces with
     * presence, indexed by channel and node on the members. Bounded by the connections times
     * {@code switchboard.channels.max-subscriptions-per-connection}.
     */
    public static final String CHANNEL_PRESENCE = "switchboard.channel-presence";

    /**
     * MessageChannel ports by port id ({@link PortRecord}): who holds each and the position its inbox is read from.
     * Written when a handler creates a channel, removed when it closes; indexed by holder, so a holder that is gone
     * (a client past its resume window) closes its ports.
     */
    public static final String MESSAGE_PORTS = "switchboard.message-ports";

    /**
     * Instance id → {@link InstanceRecord}: every running dedicated and shared worker, its owner, fencing token,
     * connections and committed state (docs/workers.md). Written only through {@link InstanceUpdate}.
     */
    public static final String WORKER_INSTANCES = "switchboard.worker-instances";

    /** push-service's subscriptions, by subscription id. */
    public static final String PUSH_SUBSCRIPTIONS = "switchboard.push.subscriptions";

    /**
     * push-service's RFC 8030 topic replacement: subscription id + Topic → the id of the newest message with that
     * topic not yet delivered.
     */
    public static final String PUSH_TOPIC_LATEST = "switchboard.push.topic-latest";

    /** push-service's named topics: topic + "/" + user id → the membership (who is in each topic). */
    public static final String PUSH_TOPIC_MEMBERS = "switchboard.push.topic-members";

    /** The prefix of push-service's background-sync maps (progress, settled, pending). */
    public static final String SYNC_PREFIX = "switchboard.sync.";

    /** Sync id → the JSON list of its attempts so far (a node that takes over a sync continues its count). */
    public static final String SYNC_PROGRESS = SYNC_PREFIX + "progress";

    /**
     * Sync id → the user id, while the sync is registered and not settled: the per-user quota
     * ({@code switchboard.push.sync.max-per-user}) counts these cluster-wide.
     */
    public static final String SYNC_PENDING = SYNC_PREFIX + "pending";

    /** Sync id → {@code succeeded} or {@code dead}: a sync redelivered after a crash is not attempted again. */
    public static final String SYNC_SETTLED = SYNC_PREFIX + "settled";

    /** The prefix of the Cache API's maps (docs/cache-api.md, "Data layout"). */
    public static final String CACHE_PREFIX = "switchboard.cache.";

    /** Origin → its cache names, each bound to a cache id. */
    public static final String CACHE_STORAGES = CACHE_PREFIX + "storages";

    /** Cache id → its entries in insertion order (no bodies). */
    public static final String CACHE_INDEXES = CACHE_PREFIX + "indexes";

    /** Entry id → the stored response with its body's first chunk. */
    public static final String CACHE_RESPONSES = CACHE_PREFIX + "responses";

    /** {@code entryId/i} → body chunk i (1..n-1). */
    public static final String CACHE_CHUNKS = CACHE_PREFIX + "chunks";

    /** Entry id → its origin, cache, bytes and last use: quota and LRU accounting. */
    public static final String CACHE_ENTRY_USAGE = CACHE_PREFIX + "entry-usage";

    /** Origin → the bytes it stores. */
    public static final String CACHE_USAGE = CACHE_PREFIX + "usage";

    /** Cache id → a deleted cache waiting for the purge. */
    public static final String CACHE_DELETED = CACHE_PREFIX + "deleted";

    /**
     * SHA-256 of a connect ticket → who it was issued to, with a time to live of
     * {@code switchboard.gateway.security.ticket-ttl}: a gateway node issues it ({@code POST /tickets}) and the node
     * the client connects to takes it out, so it works once, on any node. Bounded per issuing node.
     */
    public static final String CONNECT_TICKETS = "switchboard.gateway-tickets";

    /**
     * Client id → the expiry (epoch seconds) of the token an SSE client refreshed by POST on a node that does not
     * hold its stream; the holding node reads it before closing the stream at the old expiry. Lives until then.
     */
    public static final String TOKEN_REFRESHES = "switchboard.gateway-token-refreshes";

    private HazelcastNames() {}
}
