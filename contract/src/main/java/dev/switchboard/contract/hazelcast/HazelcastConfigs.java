package dev.switchboard.contract.hazelcast;

import java.time.Duration;
import java.util.List;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;

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
    static final List<String> CRITICAL = List.of(HazelcastNames.PUSH_VAPID_KEYS, HazelcastNames.PUSH_VAPID_CURRENT,
            HazelcastNames.REGISTRATIONS, HazelcastNames.BUNDLES, HazelcastNames.SCRIPTS, HazelcastNames.PUSH_SUBSCRIPTIONS);

    /** Maps whose entries may be lost without harm beyond a retry: least recently used evicted past the cap. */
    static final List<String> EVICTABLE = List.of(HazelcastNames.CLIENT_OWNERS, HazelcastNames.BUNDLE_ORPHANS,
            HazelcastNames.TRANSITIONS, HazelcastNames.IN_FLIGHT, HazelcastNames.PUSH_TOPIC_LATEST,
            HazelcastNames.SYNC_PREFIX + "*");

    private HazelcastConfigs() {
    }

    /** A member joining the given members over TCP/IP; multicast and phone-home are off. */
    public static Config tcpIpMember(String clusterName, String bindAddress, int port, List<String> members,
            int backupCount) {
        return tcpIpMember(clusterName, bindAddress, port, members, MapLimits.defaults(backupCount), GridSecurity.NONE);
    }

    /** {@link #tcpIpMember(String, String, int, List, int)} with the grid's limits and security as configured. */
    public static Config tcpIpMember(String clusterName, String bindAddress, int port, List<String> members,
            MapLimits limits, GridSecurity security) {
        Config config = baseMember(clusterName, bindAddress, port, limits, security);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    /** A member finding its peers through a Kubernetes headless service. */
    public static Config kubernetesMember(String clusterName, int port, String serviceDns, MapLimits limits,
            GridSecurity security) {
        Config config = baseMember(clusterName, null, port, limits, security);
        config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(true)
                .setProperty("service-dns", serviceDns);
        return config;
    }

    public static Config member(HazelcastSettings settings) {
        HazelcastSettings.Member member = settings.member();
        MapLimits limits = new MapLimits(member.backupCount(), member.criticalBackupCount(), member.maxEvictableEntries());
        GridSecurity security = GridSecurity.of(settings.security());
        if ("kubernetes".equals(member.discovery())) {
            String dns = member.kubernetesServiceDns().orElseThrow(() -> new IllegalArgumentException(
                    "switchboard.hazelcast.member.kubernetes-service-dns is required with kubernetes discovery"));
            return kubernetesMember(settings.clusterName(), member.port(), dns, limits, security);
        }
        if (!"tcp-ip".equals(member.discovery())) {
            throw new IllegalArgumentException("switchboard.hazelcast.member.discovery must be tcp-ip or kubernetes, not '"
                    + member.discovery() + "'");
        }
        return tcpIpMember(settings.clusterName(), member.bindAddress().orElse(null), member.port(),
                settings.members(), limits, security);
    }

    public static ClientConfig client(String clusterName, List<String> members, Duration connectTimeout) {
        ClientConfig config = new ClientConfig();
        // Hazelcast's own threads deserialise our records; they must see the loader that has our classes.
        config.setClassLoader(HazelcastConfigs.class.getClassLoader());
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setAddresses(members);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis());
        return config;
    }

    public static ClientConfig client(HazelcastSettings settings) {
        ClientConfig config = client(settings.clusterName(), settings.members(), settings.connectTimeout());
        GridSecurity.of(settings.security()).applyTo(config);
        return config;
    }

    private static Config baseMember(String clusterName, String bindAddress, int port, MapLimits limits,
            GridSecurity security) {
        Config config = new Config();
        config.setClassLoader(HazelcastConfigs.class.getClassLoader());
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Leave quickly and cleanly on SIGTERM: partitions migrate before the member exits.
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
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
        EVICTABLE.forEach(name -> config.addMapConfig(new MapConfig(name).setBackupCount(limits.backupCount())
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(limits.maxEvictableEntries()))));
        security.applyTo(config);
        return config;
    }
}
