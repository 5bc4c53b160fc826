package dev.switchboard.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which hosts and addresses outbound requests may reach. An address must be public (not loopback, private,
 * link-local, CGNAT, multicast, unspecified, documentation or reserved) or inside an allowed network, and a host
 * name must be on the allow-list when there is one; the cloud metadata names are refused unless listed there.
 * Requests are checked on the addresses the name resolves to, and connect to the address that was checked.
 *
 * @param allowedHosts exact names or {@code *.suffix} patterns; empty: any host
 * @param allowedNetworks ranges reachable although not public
 * @param maxRedirects redirects followed per request (0: none)
 * @param maxInFlight requests in progress at once
 * @param maxConnectionsPerHost connections kept per upstream
 */
public record OutboundPolicy(
        List<String> allowedHosts,
        List<Cidr> allowedNetworks,
        int maxRedirects,
        int maxInFlight,
        int maxConnectionsPerHost) {

    /** Ranges that are never "the internet": refused unless an allowed network contains the address. */
    static final List<Cidr> NOT_PUBLIC = Stream.of(
                    "0.0.0.0/8",
                    "10.0.0.0/8",
                    "100.64.0.0/10",
                    "127.0.0.0/8",
                    "169.254.0.0/16",
                    "172.16.0.0/12",
                    "192.0.0.0/24",
                    "192.0.2.0/24",
                    "192.88.99.0/24",
                    "192.168.0.0/16",
                    "198.18.0.0/15",
                    "198.51.100.0/24",
                    "203.0.113.0/24",
                    "224.0.0.0/4",
                    "240.0.0.0/4",
                    "::/128",
                    "::1/128",
                    "::/96",
                    "100::/64",
                    "2001::/32",
                    "2001:db8::/32",
                    "fc00::/7",
                    "fe80::/10",
                    "fec0::/10",
                    "ff00::/8")
            .map(Cidr::parse)
            .toList();

    /** IPv6 ranges that embed an IPv4 address (NAT64, 6to4): the embedded address is checked too. */
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    /** Names of cloud metadata services; refused unless an allowed host names them exactly. */
    static final Set<String> METADATA_NAMES = Set.of(
            "metadata",
            "metadata.google.internal",
            "metadata.goog",
            "instance-data",
            "instance-data.ec2.internal",
            "metadata.azure.internal",
            "metadata.tencentyun.com");

    public OutboundPolicy {
        allowedHosts = allowedHosts.stream().map(OutboundPolicy::normalised).toList();
        allowedNetworks = List.copyOf(allowedNetworks);
        if (maxRedirects < 0 || maxInFlight < 1 || maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("switchboard.outbound: max-redirects must be >= 0, max-in-flight and "
                    + "max-connections-per-host >= 1");
        }
        for (String host : allowedHosts) {
            if (host.isEmpty() || host.equals("*") || host.equals("*.")) {
                throw new IllegalArgumentException("switchboard.outbound.allowed-hosts: '" + host
                        + "' is not a host name or *.suffix (leave the setting unset to allow any public host)");
            }
        }
    }

    /** The policy of {@code settings}; a malformed entry fails here, at start-up. */
    public static OutboundPolicy of(OutboundSettings settings) {
        return new OutboundPolicy(
                settings.allowedHosts().orElse(List.of()),
                settings.allowedNetworks().orElse(List.of()).stream()
                        .map(Cidr::parse)
                        .toList(),
                settings.maxRedirects(),
                settings.maxInFlight(),
                settings.maxConnectionsPerHost());
    }

    /** The defaults: any public host, no private address, no redirect. */
    public static OutboundPolicy defaults() {
        return new OutboundPolicy(List.of(), List.of(), 0, 256, 64);
    }

    /** The defaults plus {@code networks} (CIDR): e.g. a test's loopback upstream. */
    public static OutboundPolicy allowingNetworks(String... networks) {
        return defaults().withNetworks(networks);
    }

    public OutboundPolicy withNetworks(String... networks) {
        return new OutboundPolicy(
                allowedHosts,
                Arrays.stream(networks).map(Cidr::parse).toList(),
                maxRedirects,
                maxInFlight,
                maxConnectionsPerHost);
    }

    public OutboundPolicy withRedirects(int redirects) {
        return new OutboundPolicy(allowedHosts, allowedNetworks, redirects, maxInFlight, maxConnectionsPerHost);
    }

    public OutboundPolicy withMaxInFlight(int inFlight) {
        return new OutboundPolicy(allowedHosts, allowedNetworks, maxRedirects, inFlight, maxConnectionsPerHost);
    }

    public OutboundPolicy withHosts(String... hosts) {
        return new OutboundPolicy(List.of(hosts), allowedNetworks, maxRedirects, maxInFlight, maxConnectionsPerHost);
    }

    /**
     * Checks what can be checked without DNS: the name against the allow-list and the metadata names, and an
     * address literal against the networks. Returns the literal's address, or empty for a name to resolve.
     */
    public Optional<InetAddress> checkHost(String host) {
        String name = normalised(host);
        byte[] literal = Cidr.literal(name);
        if (literal != null) {
            InetAddress address = address(literal);
            checkAddress(name, address);
            if (!allowedHosts.isEmpty() && !hostAllowed(name)) {
                throw refused(name + " is not on switchboard.outbound.allowed-hosts");
            }
            return Optional.of(address);
        }
        if (!allowedHosts.isEmpty() && !hostAllowed(name)) {
            throw refused(name + " is not on switchboard.outbound.allowed-hosts");
        }
        if (METADATA_NAMES.contains(name) && !allowedHosts.contains(name)) {
            throw refused(name + " names a cloud metadata service");
        }
        return Optional.empty();
    }

    /** Every address {@code host} resolved to must be allowed: one private address among public ones refuses the name. */
    public InetAddress checkResolved(String host, InetAddress[] addresses) {
        if (addresses.length == 0) {
            throw refused(host + " resolved to no address");
        }
        for (InetAddress address : addresses) {
            checkAddress(host, address);
        }
        return addresses[0];
    }

    /** Whether {@code address} is public (a public one may still be refused by an allow-list of hosts). */
    public static boolean isPublic(InetAddress address) {
        if (NOT_PUBLIC.stream().anyMatch(range -> range.contains(address))) {
            return false;
        }
        if (address instanceof Inet6Address && (NAT64.contains(address) || SIX_TO_FOUR.contains(address))) {
            byte[] bytes = address.getAddress();
            int from = NAT64.contains(address) ? 12 : 2;
            return isPublic(address(Arrays.copyOfRange(bytes, from, from + 4)));
        }
        return true;
    }

    private void checkAddress(String host, InetAddress address) {
        if (!isPublic(address) && allowedNetworks.stream().noneMatch(range -> range.contains(address))) {
            String shown = address.getHostAddress();
            throw refused(
                    host.equals(shown)
                            ? host + " is not a public address"
                            : host + " resolves to " + shown + ", not a public address");
        }
    }

    private boolean hostAllowed(String name) {
        return allowedHosts.stream()
                .anyMatch(pattern -> pattern.startsWith("*.")
                        ? name.endsWith(pattern.substring(1)) && name.length() > pattern.length() - 1
                        : pattern.equals(name));
    }

    private static String normalised(String host) {
        String lower = host.toLowerCase(Locale.ROOT).strip();
        String bare = lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
        return bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address", e);
        }
    }

    private static OutboundException refused(String why) {
        return new OutboundException(
                OutboundException.Kind.REFUSED,
                "outbound request refused: " + why
                        + " (switchboard.outbound.allowed-networks / allowed-hosts, docs/security.md)");
    }
}
