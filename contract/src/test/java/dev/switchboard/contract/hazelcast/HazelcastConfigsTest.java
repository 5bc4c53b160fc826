package dev.switchboard.contract.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.MaxSizePolicy;

class HazelcastConfigsTest {

    private final HazelcastConfigs.MapLimits limits = new HazelcastConfigs.MapLimits(1, 2, 5000);

    @Test
    void aMemberWithABindAddressListensOnItAlone() {
        Config member = HazelcastConfigs.tcpIpMember(
                "c", "127.0.0.1", 5701, List.of("127.0.0.1:5701"), limits, GridSecurity.NONE);
        assertThat(member.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(member.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    }

    @Test
    void mapsThatGrowWithInputAreCappedOrBackedUpMore() {
        Config member = HazelcastConfigs.tcpIpMember("c", null, 5701, List.of(), limits, GridSecurity.NONE);
        for (String evictable : List.of(
                HazelcastNames.CLIENT_OWNERS,
                HazelcastNames.PUSH_TOPIC_LATEST,
                "switchboard.sync.pending",
                "switchboard.sync.settled",
                HazelcastNames.BUNDLE_ORPHANS)) {
            var eviction = member.getMapConfig(evictable).getEvictionConfig();
            assertThat(eviction.getEvictionPolicy()).as(evictable).isEqualTo(EvictionPolicy.LRU);
            assertThat(eviction.getMaxSizePolicy()).isEqualTo(MaxSizePolicy.PER_NODE);
            assertThat(eviction.getSize()).isEqualTo(5000);
        }
        for (String critical : List.of(
                HazelcastNames.PUSH_VAPID_KEYS,
                HazelcastNames.REGISTRATIONS,
                HazelcastNames.BUNDLES,
                HazelcastNames.PUSH_SUBSCRIPTIONS)) {
            assertThat(member.getMapConfig(critical).getBackupCount())
                    .as(critical)
                    .isEqualTo(2);
            assertThat(member.getMapConfig(critical).getEvictionConfig().getEvictionPolicy())
                    .isEqualTo(EvictionPolicy.NONE);
        }
        assertThat(member.getMapConfig(HazelcastNames.CLIENTS).getBackupCount()).isEqualTo(1);
    }

    @Test
    void tlsAndCredentialsAreRefusedOnTheCommunityEditionRatherThanIgnored() {
        GridSecurity tls = new GridSecurity(
                true,
                Optional.of("member.p12"),
                Optional.of("secret"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        GridSecurity credentials = new GridSecurity(
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of("switchboard"),
                Optional.of("secret"));
        for (GridSecurity security : List.of(tls, credentials)) {
            assertThatThrownBy(() -> HazelcastConfigs.tcpIpMember("c", null, 5701, List.of(), limits, security))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Hazelcast Enterprise");
            assertThatThrownBy(() -> security.applyTo(new ClientConfig())).hasMessageContaining("Community Edition");
        }
    }

    @Test
    void kubernetesDiscoveryByDnsLooksUpTheHeadlessService() {
        Config config = HazelcastConfigs.kubernetesMember(
                "sb",
                5701,
                Optional.of("sb-cache-hazelcast.switchboard.svc.cluster.local"),
                Optional.empty(),
                HazelcastConfigs.MapLimits.defaults(2),
                GridSecurity.NONE);
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
        KubernetesConfig kubernetes = HazelcastConfigs.kubernetesMember(
                        "sb", 5701, Optional.empty(), Optional.of("sb-cache-hazelcast"), limits, GridSecurity.NONE)
                .getNetworkConfig()
                .getJoin()
                .getKubernetesConfig();
        assertThat(kubernetes.isEnabled()).isTrue();
        assertThat(kubernetes.getProperty("service-name")).isEqualTo("sb-cache-hazelcast");
        assertThat(kubernetes.getProperty("service-port")).isEqualTo("5701");
        assertThat(kubernetes.getProperty("service-dns")).isNull();
    }

    @Test
    void kubernetesDiscoveryNeedsExactlyOneWayToFindPeers() {
        assertThatThrownBy(() -> HazelcastConfigs.kubernetesMember(
                        "sb", 5701, Optional.empty(), Optional.empty(), limits, GridSecurity.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kubernetes-service-dns")
                .hasMessageContaining("kubernetes-service-name");
        assertThatThrownBy(() -> HazelcastConfigs.kubernetesMember(
                        "sb", 5701, Optional.of("a.svc"), Optional.of("a"), limits, GridSecurity.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
