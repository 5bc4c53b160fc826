package dev.switchboard.contract.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;

class HazelcastConfigsTest {

    @Test
    void kubernetesDiscoveryByDnsLooksUpTheHeadlessService() {
        Config config = HazelcastConfigs.kubernetesMember("sb", 5701,
                Optional.of("sb-cache-hazelcast.switchboard.svc.cluster.local"), Optional.empty(), 2);
        JoinConfig join = config.getNetworkConfig().getJoin();
        KubernetesConfig kubernetes = join.getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperty("service-dns")).isEqualTo("sb-cache-hazelcast.switchboard.svc.cluster.local");
        assertThat(kubernetes.getProperty("service-name")).isNull();
        assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getMapConfig("switchboard.clients").getBackupCount()).isEqualTo(2);
    }

    @Test
    void kubernetesDiscoveryThroughTheApiReadsTheServicesEndpoints() {
        KubernetesConfig kubernetes = HazelcastConfigs.kubernetesMember("sb", 5701, Optional.empty(),
                Optional.of("sb-cache-hazelcast"), 1).getNetworkConfig().getJoin().getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperty("service-name")).isEqualTo("sb-cache-hazelcast");
        assertThat(kubernetes.getProperty("service-port")).isEqualTo("5701");
        assertThat(kubernetes.getProperty("service-dns")).isNull();
    }

    @Test
    void kubernetesDiscoveryNeedsExactlyOneWayToFindPeers() {
        assertThatThrownBy(() -> HazelcastConfigs.kubernetesMember("sb", 5701, Optional.empty(), Optional.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kubernetes-service-dns")
                .hasMessageContaining("kubernetes-service-name");
        assertThatThrownBy(() -> HazelcastConfigs.kubernetesMember("sb", 5701, Optional.of("a.svc"), Optional.of("a"), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
