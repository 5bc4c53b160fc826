package dev.switchboard.outbound;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The outbound policy of one service (docs/security.md, "Outbound requests"; defaults in docs/operations.md). Each
 * service makes one kind of outbound request (cache-service: add/addAll; worker-service: a worker's fetch; the
 * gateway: its network path; push-service: Web Push), so one policy per process is one policy per path.
 */
@ConfigMapping(prefix = "switchboard.outbound")
public interface OutboundSettings {

    /**
     * Host names that may be reached: exact ({@code shop.example}) or a suffix ({@code *.push.apple.com}). Unset: any
     * host whose addresses are public. Either way every resolved address must pass {@link #allowedNetworks()}.
     */
    Optional<List<String>> allowedHosts();

    /**
     * Address ranges (CIDR, or one address) reachable although not public: loopback, RFC 1918 and ULA private,
     * link-local (the cloud metadata service at 169.254.169.254 among them), CGNAT, multicast, unspecified and
     * reserved addresses are refused unless listed here, e.g. {@code 10.0.0.0/8} for upstreams inside the cluster.
     */
    Optional<List<String>> allowedNetworks();

    /** Redirects followed per request, each hop checked again; 0 (the default) answers with the redirect itself. */
    @WithDefault("0")
    int maxRedirects();

    /** Outbound requests this process may have in progress at once; past it a request is refused at once. */
    @WithDefault("256")
    int maxInFlight();

    /** Connections kept open per upstream host and port (HTTP/1.1; HTTP/2 multiplexes over fewer). */
    @WithDefault("64")
    int maxConnectionsPerHost();
}
