package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalSuiteOptionsTest {

    @Test
    void theCartDemoIsInstalledOnlyWhenAsked() {
        assertThat(LocalSuite.Options.parse(new String[0]).demo()).isFalse();
        assertThat(LocalSuite.Options.parse(new String[] {"--demo"}).demo()).isTrue();
    }

    @Test
    void fetchInterceptionIsOffUnlessAnOriginIsGiven() {
        assertThat(LocalSuite.Options.parse(new String[0]).fetchOrigin()).isNull();
        assertThat(LocalSuite.Options.parse(new String[] {"--fetch-origin=https://shop.example:8443"})
                        .fetchOrigin())
                .isEqualTo("https://shop.example:8443");
    }

    @Test
    void everySocketIsOnLoopbackUnlessWidenedAndNoPrivateNetworkIsReachableUnlessNamed() {
        LocalSuite.Options defaults = LocalSuite.Options.parse(new String[0]);
        assertThat(defaults.bind()).isEqualTo("127.0.0.1");
        assertThat(defaults.allowedNetworks()).isEmpty();
        LocalSuite.Options widened = LocalSuite.Options.parse(
                new String[] {"--bind=0.0.0.0", "--allow-network=127.0.0.1/32", "--allow-network=10.0.0.0/8"});
        assertThat(widened.bind()).isEqualTo("0.0.0.0");
        assertThat(widened.allowedNetworks()).containsExactly("127.0.0.1/32", "10.0.0.0/8");
        for (String bad : new String[] {
            "--bind=localhost", "--bind=999.1.1.1", "--allow-network=intranet", "--allow-network=10.0.0.0/x"
        }) {
            assertThatThrownBy(() -> LocalSuite.Options.parse(new String[] {bad}))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aFetchOriginWithAPathOrAnotherSchemeIsRefusedWithTheReason() {
        for (String bad : new String[] {"https://shop.example/app", "ftp://shop.example", "shop.example", "http://"}) {
            assertThatThrownBy(() -> LocalSuite.Options.parse(new String[] {"--fetch-origin=" + bad}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--fetch-origin")
                    .hasMessageContaining(bad);
        }
    }
}
