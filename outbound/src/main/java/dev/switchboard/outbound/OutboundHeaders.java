package dev.switchboard.outbound;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What of a caller's request headers may travel on to an upstream. A relayed request loses the hop-by-hop headers,
 * the ones its {@code Connection} header nominates, credentials meant for Switchboard ({@code Authorization},
 * {@code Proxy-Authorization}, the gateway's own cookies and client header) and the headers the client computes
 * itself; other cookies (the application's own) stay.
 */
public final class OutboundHeaders {

    /** RFC 9110 section 7.6.1 hop-by-hop headers, plus those the HTTP client sets itself. */
    public static final Set<String> HOP_BY_HOP = Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "http2-settings");

    /** Credentials for Switchboard, never for an upstream. */
    public static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");

    /** The CORS-safelisted request headers (Fetch): all a request made on nobody's behalf carries. */
    public static final Set<String> SAFELISTED = Set.of("accept", "accept-language", "content-language");

    /** The gateway's own cookies and client header with their default names (docs/operations.md). */
    public static final Set<String> GATEWAY_COOKIES = Set.of("switchboard_token", "switchboard_client");

    public static final Set<String> GATEWAY_HEADERS = Set.of("switchboard-client");

    private final Set<String> ownCookies;
    private final Set<String> ownHeaders;

    private OutboundHeaders(Set<String> ownCookies, Set<String> ownHeaders) {
        this.ownCookies = ownCookies;
        this.ownHeaders = lower(ownHeaders);
    }

    /** The rule for relaying a client's request with the gateway's cookie and header names. */
    public static OutboundHeaders relay() {
        return relay(GATEWAY_COOKIES, GATEWAY_HEADERS);
    }

    /** The rule for relaying a client's request, given the gateway's cookie and header names as configured. */
    public static OutboundHeaders relay(Set<String> ownCookies, Set<String> ownHeaders) {
        return new OutboundHeaders(Set.copyOf(ownCookies), ownHeaders);
    }

    /** The headers of {@code headers} that may be relayed to an upstream, in their order. */
    public List<Map.Entry<String, String>> relayed(List<Map.Entry<String, String>> headers) {
        Set<String> nominated = nominated(headers);
        List<Map.Entry<String, String>> kept = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name)
                    || CREDENTIALS.contains(name)
                    || ownHeaders.contains(name)
                    || nominated.contains(name)) {
                continue;
            }
            if (name.equals("cookie")) {
                String cookies = withoutOwnCookies(header.getValue());
                if (!cookies.isEmpty()) {
                    kept.add(Map.entry(header.getKey(), cookies));
                }
                continue;
            }
            kept.add(header);
        }
        return kept;
    }

    /** Only the CORS-safelisted headers of {@code headers}: for requests made on nobody's behalf (cache add-all). */
    public static List<Map.Entry<String, String>> safelisted(List<Map.Entry<String, String>> headers) {
        return headers.stream()
                .filter(header -> SAFELISTED.contains(header.getKey().toLowerCase(Locale.ROOT)))
                .toList();
    }

    private static Set<String> nominated(List<Map.Entry<String, String>> headers) {
        Set<String> names = new HashSet<>();
        headers.stream()
                .filter(header -> header.getKey().equalsIgnoreCase("connection"))
                .forEach(header -> {
                    for (String token : header.getValue().split(",")) {
                        names.add(token.strip().toLowerCase(Locale.ROOT));
                    }
                });
        return names;
    }

    private String withoutOwnCookies(String cookieHeader) {
        List<String> kept = new ArrayList<>();
        for (String pair : cookieHeader.split(";")) {
            String cookie = pair.strip();
            int equals = cookie.indexOf('=');
            String name = equals < 0 ? cookie : cookie.substring(0, equals).strip();
            if (!cookie.isEmpty() && !ownCookies.contains(name)) {
                kept.add(cookie);
            }
        }
        return String.join("; ", kept);
    }

    private static Set<String> lower(Set<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
