package dev.switchboard.contract.hazelcast;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MapConfig;

/**
 * The one place Hazelcast member and client configuration is written; used by the services and by the
 * embedded members of the tests and the local launcher, so both run the same configuration.
 */
public final class HazelcastConfigs {

    private HazelcastConfigs() {
    }

    /** A member joining the given members over TCP/IP; multicast and phone-home are off. */
    public static Config tcpIpMember(String clusterName, String bindAddress, int port, List<String> members,
            int backupCount) {
        Config config = baseMember(clusterName, bindAddress, port, backupCount);
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    /**
     * A member finding its peers through a Kubernetes headless service: by a DNS lookup of {@code serviceDns}, or
     * through the Kubernetes API's endpoints of {@code serviceName} in the pod's namespace. Exactly one is given.
     */
    public static Config kubernetesMember(String clusterName, int port, Optional<String> serviceDns,
            Optional<String> serviceName, int backupCount) {
        if (serviceDns.isPresent() == serviceName.isPresent()) {
            throw new IllegalArgumentException("kubernetes discovery needs exactly one of "
                    + "switchboard.hazelcast.member.kubernetes-service-dns (DNS) and "
                    + "switchboard.hazelcast.member.kubernetes-service-name (Kubernetes API)");
        }
        Config config = baseMember(clusterName, null, port, backupCount);
        KubernetesConfig kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(true);
        serviceDns.ifPresent(dns -> kubernetes.setProperty("service-dns", dns));
        serviceName.ifPresent(name -> kubernetes.setProperty("service-name", name).setProperty("service-port",
                String.valueOf(port)));
        return config;
    }

    public static Config member(HazelcastSettings settings) {
        HazelcastSettings.Member member = settings.member();
        if ("kubernetes".equals(member.discovery())) {
            return kubernetesMember(settings.clusterName(), member.port(), member.kubernetesServiceDns(),
                    member.kubernetesServiceName(), member.backupCount());
        }
        if (!"tcp-ip".equals(member.discovery())) {
            throw new IllegalArgumentException("switchboard.hazelcast.member.discovery must be tcp-ip or kubernetes, not '"
                    + member.discovery() + "'");
        }
        return tcpIpMember(settings.clusterName(), member.bindAddress().orElse(null), member.port(),
                settings.members(), member.backupCount());
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
        return client(settings.clusterName(), settings.members(), settings.connectTimeout());
    }

    private static Config baseMember(String clusterName, String bindAddress, int port, int backupCount) {
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
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(bindAddress);
        }
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        config.addMapConfig(new MapConfig("switchboard.*").setBackupCount(backupCount));
        return config;
    }
}
