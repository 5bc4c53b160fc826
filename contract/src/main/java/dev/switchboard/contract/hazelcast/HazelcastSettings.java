package dev.switchboard.contract.hazelcast;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service joins or reaches the Hazelcast cluster. One mapping for members and clients alike. */
@ConfigMapping(prefix = "switchboard.hazelcast")
public interface HazelcastSettings {

    /** Cluster name; members and clients of one Switchboard installation share it. */
    @WithDefault("switchboard")
    String clusterName();

    /** Addresses (host:port) of members: whom a client connects to and whom a member joins over TCP/IP. */
    @WithDefault("127.0.0.1:5701")
    List<String> members();

    /** How long a client keeps trying to reach the cluster before it gives up (startup and after losing it). */
    @WithDefault("PT60S")
    Duration connectTimeout();

    /**
     * Client-only: maps this service reads on every event and rarely writes, kept in a near cache that the
     * cluster invalidates on every change (reads may lag a change by the invalidation's delivery, milliseconds).
     */
    Optional<List<String>> nearCachedMaps();

    /** Most entries one near-cached map keeps on this client; past it the least recently used go first. */
    @WithDefault("100000")
    int nearCacheMaxEntries();

    /**
     * Client-only: maps whose values hold response bodies (each up to {@code switchboard.cache.chunk-bytes}), kept in
     * a near cache like {@link #nearCachedMaps()} but of at most {@link #nearCacheMaxBodies()} entries each, which
     * bounds its memory to that many chunks.
     */
    Optional<List<String>> nearCachedBodyMaps();

    /** Most entries one near-cached body map keeps on this client (LRU). */
    @WithDefault("1000")
    int nearCacheMaxBodies();

    /** Member-only settings (cache-service). */
    Member member();

    /** Where the callbacks of Hazelcast's futures run ({@link HazelcastCallbacks}), members and clients alike. */
    Callbacks callbacks();

    interface Callbacks {

        /** Threads running them (1..256); unset: the cores, at least two. */
        Optional<Integer> threads();

        /** Callbacks waiting for a thread (1..1000000); past it the thread completing the future runs its own. */
        @WithDefault("10000")
        int queue();
    }

    /** TLS and credentials between members and clients: Hazelcast Enterprise only ({@link GridSecurity}). */
    Security security();

    interface Security {

        Tls tls();

        /** A client's identity and the one a member accepts; unset: none (Community Edition). */
        Optional<String> username();

        Optional<String> password();
    }

    interface Tls {

        /** Encrypt every member and client connection (Enterprise). */
        @WithDefault("false")
        boolean enabled();

        /** PKCS#12 key store with this process's certificate. */
        Optional<String> keyStore();

        Optional<String> keyStorePassword();

        /** Trust store of the certificates to accept; set, the other side must present one (mutual TLS). */
        Optional<String> trustStore();

        Optional<String> trustStorePassword();
    }

    interface Member {

        /** Port the member listens on. */
        @WithDefault("5701")
        int port();

        /** Interface to bind and advertise, e.g. 127.0.0.1 locally; unset lets Hazelcast choose. */
        Optional<String> bindAddress();

        /**
         * {@code tcp-ip} (the members list) or {@code kubernetes}: peers found through a headless service, by DNS
         * ({@link #kubernetesServiceDns()}) or through the Kubernetes API ({@link #kubernetesServiceName()}).
         */
        @WithDefault("tcp-ip")
        String discovery();

        /** With {@code kubernetes} discovery: the headless service's DNS name to look up (needs no API access). */
        Optional<String> kubernetesServiceDns();

        /**
         * With {@code kubernetes} discovery: the service whose endpoints the member reads from the Kubernetes API,
         * in the pod's own namespace (the pod's service account must be allowed to list endpoints and pods).
         */
        Optional<String> kubernetesServiceName();

        /** Synchronous backups of every map entry: how many members may be lost without losing data. */
        @WithDefault("1")
        int backupCount();

        /**
         * How long a handled event's id is remembered ({@code switchboard.worker-handled-events}): a redelivery
         * within this window is recognised and passed over. Must exceed the time an event can stay uncommitted.
         */
        @WithDefault("PT2M")
        Duration handledEventsTtl();

        /** Most handled-event ids one member keeps; past it the least recently used go first. */
        @WithDefault("200000")
        int handledEventsMaxPerMember();

        /** Heap one member may use for event bodies in transit ({@code switchboard.event-bodies}), in MiB. */
        @WithDefault("256")
        int eventBodiesMaxMebibytes();

        /**
         * Synchronous backups of what cannot be made again: the VAPID keys (every subscription is bound to one),
         * registrations, bundles and subscriptions. Nothing survives a restart of every member (the Community
         * Edition has no persistence; docs/security.md, "Grid").
         */
        @WithDefault("2")
        int criticalBackupCount();

        /**
         * Per member, the most entries of each map whose entries may be lost without harm beyond a retry (resume
         * owners, RFC 8030 topic replacement, sync progress, leases): past it the least recently used are evicted,
         * so input cannot grow them until the member runs out of memory.
         */
        @WithDefault("1000000")
        int maxEvictableEntries();
    }
}
