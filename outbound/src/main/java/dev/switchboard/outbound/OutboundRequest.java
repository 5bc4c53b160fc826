package dev.switchboard.outbound;

import java.util.List;
import java.util.Map;

/**
 * One request to an upstream, as its caller means it: the headers go as given (filter a client's with
 * {@link OutboundHeaders} first), but for those the HTTP client sets itself.
 *
 * @param method the HTTP method
 * @param url an absolute http(s) URL
 * @param headers name/value pairs in order; a name may repeat
 * @param body the request body, empty for none
 */
public record OutboundRequest(String method, String url, List<Map.Entry<String, String>> headers, byte[] body) {

    public OutboundRequest {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static OutboundRequest get(String url, List<Map.Entry<String, String>> headers) {
        return new OutboundRequest("GET", url, headers, new byte[0]);
    }
}
