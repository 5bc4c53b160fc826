package dev.switchboard.contract.hazelcast;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;

/**
 * The one place Hazelcast member and client configuration is written; used by the services and by the
 * embedded members of the tests and the local launcher, so both run the same configuration.
 */
public final class HazelcastConfigs {

    /** The grid's limits and backups (docs/security.md, "Grid"). */
    public record MapLimits(int backupCount, int criticalBackupCount, int maxEvictableEntries) {

        /** The documented defaults, for embedded members. */
        public static MapLimits defaults(int backupCount) {
            return new MapLimits(backupCount, Math.max(backupCount, 2), 1_000_000);
        }
    }

    /** Maps that cannot be made again: more backups. */
    static final List<String> CRITICAL = List.of(
            HazelcastNames.PUSH_VAPID_KEYS,
            HazelcastNames.PUSH_VAPID_CURRENT,
            HazelcastNames.REGISTRATIONS,
            HazelcastNames.BUNDLES,
            HazelcastNames.SCRIPTS,
            HazelcastNames.PUSH_SUBSCRIPTIONS);

    /** Maps whose entries may be lost without harm beyond a retry: least recently used evicted past the cap. */
    static final List<String> EVICTABLE = List.of(
            HazelcastNames.CLIENT_OWNERS,
            HazelcastNames.BUNDLE_ORPHANS,
            HazelcastNames.TRANSITIONS,
            HazelcastNames.IN_FLIGHT,
            HazelcastNames.PUSH_TOPIC_LATEST,
            HazelcastNames.SYNC_PREFIX + "*",
            HazelcastNames.CONNECT_TICKETS,
            HazelcastNames.TOKEN_REFRESHES);

    private HazelcastConfigs() {}

    /** A member joining the given members over TCP/IP; multicast and phone-home are off. */
    public static Config tcpIpMember(
            String clusterName, String bindAddress, int port, List<String> members, int backupCount) {
        return tcpIpMember(clusterName, bindAddress, port, members, MapLimits.defaults(backupCount), GridSecurity.NONE);
    }

    /** {@link #tcpIpMember(String, String, int, List, int)} with the grid's limits and security as configured. */
    public static Config tcpIpMember(
            String clusterName,
            String bindAddress,
            int port,
            List<String> members,
            MapLimits limits,
            GridSecurity security) {
        Config config = baseMember(clusterName, bindAddress, port, limits, security);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    /**
     * A member finding its peers through a Kubernetes headless service: by a DNS lookup of {@code serviceDns}, or
     * through the Kubernetes API's endpoints of {@code serviceName} in the pod's namespace. Exactly one is given.
     */
    public static Config kubernetesMember(
            String clusterName,
            int port,
            Optional<String> serviceDns,
            Optional<String> serviceName,
            MapLimits limits,
            GridSecurity security) {
        if (serviceDns.isPresent() == serviceName.isPresent()) {
            throw new IllegalArgumentException("kubernetes discovery needs exactly one of "
                    + "switchboard.hazelcast.member.kubernetes-service-dns (DNS) and "
                    + "switchboard.hazelcast.member.kubernetes-service-name (Kubernetes API)");
        }
        Config config = baseMember(clusterName, null, port, limits, security);
        KubernetesConfig kubernetes =
                config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(true);
        serviceDns.ifPresent(dns -> kubernetes.setProperty("service-dns", dns));
        serviceName.ifPresent(
                name -> kubernetes.setProperty("service-name", name).setProperty("service-port", String.valueOf(port)));
        return config;
    }

    /** The bounds of the maps that grow with traffic, as {@link HazelcastSettings.Member} documents them. */
    public record TrafficMaps(Duration handledEventsTtl, int handledEventsMaxPerMember, int eventBodiesMaxMebibytes) {

        public static final TrafficMaps DEFAULTS = new TrafficMaps(Duration.ofMinutes(2), 200_000, 256);

        static TrafficMaps of(HazelcastSettings.Member member) {
            return new TrafficMaps(
                    member.handledEventsTtl(), member.handledEventsMaxPerMember(), member.eventBodiesMaxMebibytes());
        }
    }

    /** Bounds the maps that grow with traffic: entries live for a while and the oldest go first past a size. */
    public static Config withTrafficMaps(Config config, TrafficMaps bounds) {
        int backups = config.getMapConfig("switchboard.*").getBackupCount();
        config.addMapConfig(new MapConfig(HazelcastNames.HANDLED_EVENTS)
                .setBackupCount(backups)
                .setTimeToLiveSeconds(
                        (int) Math.max(1, bounds.handledEventsTtl().toSeconds()))
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(bounds.handledEventsMaxPerMember())));
        config.addMapConfig(new MapConfig(HazelcastNames.EVENT_BODIES)
                .setBackupCount(backups)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                        .setSize(bounds.eventBodiesMaxMebibytes())));
        return config;
    }

    public static Config member(HazelcastSettings settings) {
        return withTrafficMaps(configuredMember(settings), TrafficMaps.of(settings.member()));
    }

    private static Config configuredMember(HazelcastSettings settings) {
        HazelcastSettings.Member member = settings.member();
        MapLimits limits =
                new MapLimits(member.backupCount(), member.criticalBackupCount(), member.maxEvictableEntries());
        GridSecurity security = GridSecurity.of(settings.security());
        if ("kubernetes".equals(member.discovery())) {
            return kubernetesMember(
                    settings.clusterName(),
                    member.port(),
                    member.kubernetesServiceDns(),
                    member.kubernetesServiceName(),
                    limits,
                    security);
        }
        if (!"tcp-ip".equals(member.discovery())) {
            throw new IllegalArgumentException(
                    "switchboard.hazelcast.member.discovery must be tcp-ip or kubernetes, not '" + member.discovery()
                            + "'");
        }
        return tcpIpMember(
                settings.clusterName(),
                member.bindAddress().orElse(null),
                member.port(),
                settings.members(),
                limits,
                security);
    }

    public static ClientConfig client(String clusterName, List<String> members, Duration connectTimeout) {
        ClientConfig config = new ClientConfig();
        // Hazelcast's own threads deserialise our records; they must see the loader that has our classes.
        config.setClassLoader(HazelcastConfigs.class.getClassLoader());
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(members);
        config.getConnectionStrategyConfig()
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
        return config;
    }

    public static ClientConfig client(HazelcastSettings settings) {
        ClientConfig config = client(settings.clusterName(), settings.members(), settings.connectTimeout());
        nearCaches(config, settings.nearCachedMaps(), "near-cache-max-entries", settings.nearCacheMaxEntries());
        nearCaches(config, settings.nearCachedBodyMaps(), "near-cache-max-bodies", settings.nearCacheMaxBodies());
        GridSecurity.of(settings.security()).applyTo(config);
        return config;
    }

    private static void nearCaches(ClientConfig config, Optional<List<String>> maps, String sizeKey, int maxEntries) {
        if (maps.isEmpty() || maps.get().isEmpty()) {
            return;
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException(
                    "switchboard.hazelcast." + sizeKey + " must be at least 1, not " + maxEntries);
        }
        maps.get().forEach(map -> withNearCache(config, map, maxEntries));
    }

    /** A near cache of {@code map} on this client, invalidated by the cluster on every change, bounded by LRU. */
    public static ClientConfig withNearCache(ClientConfig config, String map, int maxEntries) {
        config.addNearCacheConfig(new NearCacheConfig(map)
                .setInvalidateOnChange(true)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setSerializeKeys(false)
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                        .setSize(maxEntries)));
        return config;
    }

    private static Config baseMember(
            String clusterName, String bindAddress, int port, MapLimits limits, GridSecurity security) {
        Config config = new Config();
        config.setClassLoader(HazelcastConfigs.class.getClassLoader());
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Leave quickly and cleanly on SIGTERM: partitions migrate before the member exits.
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        // Near caches (gateway, worker-service) hear of a change as soon as it is made, not in batches sent every
        // 10 s by default: a change reaches them in milliseconds (docs/fetch.md, "Fast path").
        config.setProperty("hazelcast.map.invalidation.batch.enabled", "false");
        config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        if (bindAddress != null) {
            config.setProperty("hazelcast.local.localAddress", bindAddress);
            // Interfaces alone choose the address to advertise; without this the server socket listens on all.
            config.setProperty("hazelcast.socket.bind.any", "false");
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindAddress);
        }
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.addMapConfig(new MapConfig("switchboard.*").setBackupCount(limits.backupCount()));
        CRITICAL.forEach(name -> config.addMapConfig(new MapConfig(name).setBackupCount(limits.criticalBackupCount())));
        EVICTABLE.forEach(name -> config.addMapConfig(new MapConfig(name)
                .setBackupCount(limits.backupCount())
                .setEvictionConfig(new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(limits.maxEvictableEntries()))));
        // Presence is listed by channel and swept by node: both are queried, so both are indexed.
        config.addMapConfig(new MapConfig(HazelcastNames.CHANNEL_PRESENCE)
                .setBackupCount(limits.backupCount())
                .addIndexConfig(new IndexConfig(IndexType.HASH, "channel"))
                .addIndexConfig(new IndexConfig(IndexType.HASH, "nodeId")));
        config.addMapConfig(new MapConfig(HazelcastNames.MESSAGE_PORTS)
                .setBackupCount(limits.backupCount())
                .addIndexConfig(new IndexConfig(IndexType.HASH, "holder")));
        security.applyTo(config);
        return withTrafficMaps(config, TrafficMaps.DEFAULTS);
    }
}
