package dev.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OutboundHeadersTest {

    @Test
    void aRelayedRequestKeepsTheApplicationsHeadersAndLosesSwitchboardsCredentials() {
        List<Map.Entry<String, String>> relayed = OutboundHeaders.relay()
                .relayed(List.of(
                        Map.entry("Accept", "text/html"),
                        Map.entry("Authorization", "Bearer secret"),
                        Map.entry("Proxy-Authorization", "Basic xyz"),
                        Map.entry("Cookie", "switchboard_token=jwt; session=abc; switchboard_client=c1"),
                        Map.entry("Switchboard-Client", "c1"),
                        Map.entry("Connection", "keep-alive, X-Hop"),
                        Map.entry("X-Hop", "nominated by Connection"),
                        Map.entry("Keep-Alive", "timeout=5"),
                        Map.entry("Transfer-Encoding", "chunked"),
                        Map.entry("Upgrade", "h2c"),
                        Map.entry("Host", "gateway.example"),
                        Map.entry("X-Request-Id", "r-1")));
        assertThat(relayed)
                .containsExactly(
                        Map.entry("Accept", "text/html"),
                        Map.entry("Cookie", "session=abc"),
                        Map.entry("X-Request-Id", "r-1"));
    }

    @Test
    void aCookieHeaderWithOnlyTheGatewaysCookiesIsDropped() {
        assertThat(OutboundHeaders.relay().relayed(List.of(Map.entry("cookie", "switchboard_token=jwt"))))
                .isEmpty();
        assertThat(OutboundHeaders.relay(Set.of("sb"), Set.of("X-Client"))
                        .relayed(List.of(Map.entry("Cookie", "sb=1; other=2"), Map.entry("x-client", "c"))))
                .containsExactly(Map.entry("Cookie", "other=2"));
    }

    @Test
    void aRequestOnNobodysBehalfCarriesOnlySafelistedHeaders() {
        assertThat(OutboundHeaders.safelisted(List.of(
                        Map.entry("Accept", "*/*"),
                        Map.entry("Metadata-Flavor", "Google"),
                        Map.entry("Cookie", "a=b"),
                        Map.entry("Accept-Language", "fr"),
                        Map.entry("X-Forwarded-For", "1.2.3.4"))))
                .containsExactly(Map.entry("Accept", "*/*"), Map.entry("Accept-Language", "fr"));
    }
}
