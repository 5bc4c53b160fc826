package dev.switchboard.outbound;

import java.util.List;
import java.util.Map;

/**
 * An upstream's complete answer, its body within the request's limit.
 *
 * @param status the HTTP status
 * @param statusText the reason phrase, empty when none (HTTP/2)
 * @param headers the response headers in order
 * @param body the body
 * @param url the URL that answered: the request's, or the last redirect's when redirects were followed
 */
public record OutboundResponse(
        int status, String statusText, List<Map.Entry<String, String>> headers, byte[] body, String url) {}
