package dev.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutboundPolicyTest {

    private final OutboundPolicy defaults = OutboundPolicy.defaults();

    @Test
    void addressesThatAreNotTheInternetAreNotPublic() throws Exception {
        for (String address : List.of(
                "127.0.0.1",
                "127.1.2.3",
                "10.0.0.1",
                "172.16.5.5",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.100.100.200",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "192.0.2.7",
                "198.18.0.1",
                "::1",
                "::",
                "fe80::1",
                "fd00:ec2::254",
                "fc00::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::7f00:1",
                "2002:7f00:1::",
                "2001:db8::1")) {
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address :
                List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "64:ff9b::808:808")) {
            assertThat(OutboundPolicy.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    @Test
    void theDefaultsRefuseLiteralsAndNamesOfPrivateAndMetadataServices() {
        for (String host : List.of(
                "127.0.0.1",
                "[::1]",
                "169.254.169.254",
                "10.1.2.3",
                "metadata.google.internal",
                "METADATA.google.internal.",
                "instance-data",
                "0.0.0.0",
                "[::ffff:10.0.0.1]")) {
            assertThatThrownBy(() -> defaults.checkHost(host))
                    .as(host)
                    .isInstanceOf(OutboundException.class)
                    .satisfies(
                            e -> assertThat(((OutboundException) e).kind()).isEqualTo(OutboundException.Kind.REFUSED));
        }
        assertThat(defaults.checkHost("push.example.net")).isEmpty();
        assertThat(defaults.checkHost("localhost"))
                .as("a name: what it resolves to is checked")
                .isEmpty();
        assertThat(defaults.checkHost("93.184.216.34")).isPresent();
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsPrivate() throws Exception {
        InetAddress[] mixed = {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5")};
        assertThatThrownBy(() -> defaults.checkResolved("rebind.example", mixed))
                .hasMessageContaining("rebind.example resolves to 10.0.0.5");
        assertThat(defaults.checkResolved("ok.example", new InetAddress[] {mixed[0]}))
                .isEqualTo(mixed[0]);
    }

    @Test
    void allowedNetworksAndHostsOpenOnlyWhatTheyName() throws Exception {
        OutboundPolicy cluster = OutboundPolicy.allowingNetworks("10.0.0.0/8", "127.0.0.1");
        assertThat(cluster.checkResolved("svc", new InetAddress[] {InetAddress.getByName("10.9.8.7")}))
                .isNotNull();
        assertThat(cluster.checkHost("127.0.0.1")).isPresent();
        assertThatThrownBy(() -> cluster.checkHost("127.0.0.2")).hasMessageContaining("not a public address");
        assertThatThrownBy(() -> cluster.checkHost("169.254.169.254")).isInstanceOf(OutboundException.class);

        OutboundPolicy push = defaults.withHosts("*.push.apple.com", "fcm.googleapis.com");
        assertThat(push.checkHost("api.push.apple.com")).isEmpty();
        assertThat(push.checkHost("fcm.googleapis.com")).isEmpty();
        assertThatThrownBy(() -> push.checkHost("push.apple.com.evil.test")).hasMessageContaining("allowed-hosts");
        assertThatThrownBy(() -> push.checkHost("evilpush.apple.com")).hasMessageContaining("allowed-hosts");
    }

    @Test
    void malformedSettingsFailAtOnce() {
        assertThatThrownBy(() -> OutboundPolicy.allowingNetworks("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> OutboundPolicy.allowingNetworks("intranet"))
                .hasMessageContaining("not an address range");
        assertThatThrownBy(() -> defaults.withHosts("*")).hasMessageContaining("allowed-hosts");
        assertThatThrownBy(() -> defaults.withMaxInFlight(0)).hasMessageContaining("max-in-flight");
    }
}
