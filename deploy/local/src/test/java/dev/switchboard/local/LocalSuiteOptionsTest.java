package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalSuiteOptionsTest {

    @Test
    void fetchInterceptionIsOffUnlessAnOriginIsGiven() {
        assertThat(LocalSuite.Options.parse(new String[0]).fetchOrigin()).isNull();
        assertThat(LocalSuite.Options.parse(new String[] { "--fetch-origin=https://shop.example:8443" }).fetchOrigin())
                .isEqualTo("https://shop.example:8443");
    }

    @Test
    void aFetchOriginWithAPathOrAnotherSchemeIsRefusedWithTheReason() {
        for (String bad : new String[] { "https://shop.example/app", "ftp://shop.example", "shop.example", "http://" }) {
            assertThatThrownBy(() -> LocalSuite.Options.parse(new String[] { "--fetch-origin=" + bad }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--fetch-origin")
                    .hasMessageContaining(bad);
        }
    }
}
