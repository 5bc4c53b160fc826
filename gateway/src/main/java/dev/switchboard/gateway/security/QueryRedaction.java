package dev.switchboard.gateway.security;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps credentials out of traces: the HTTP server instrumentation records each request's query string
 * ({@code url.query}, and {@code http.target} / {@code http.url} / {@code url.full} in older conventions), where a
 * connect ticket travels. The value of every {@code ticket} and {@code access_token} parameter is replaced with
 * {@code REDACTED} as the span starts, before any exporter sees it.
 */
@ApplicationScoped
public class QueryRedaction implements SpanProcessor {

    static final String REDACTED = "REDACTED";
    private static final List<AttributeKey<String>> WITH_QUERY = List.of(
            AttributeKey.stringKey("url.query"),
            AttributeKey.stringKey("url.full"),
            AttributeKey.stringKey("http.target"),
            AttributeKey.stringKey("http.url"));
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(^|[?&;])(" + ClientAuthenticator.TICKET_PARAMETER
            + "|" + ClientAuthenticator.QUERY_TOKEN_PARAMETER + ")=[^&#;]*");

    /** {@code query} (or a URL) with the values of secret parameters replaced. */
    static String redact(String query) {
        return SECRET_PARAMETER.matcher(query).replaceAll("$1$2=" + REDACTED);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        for (AttributeKey<String> key : WITH_QUERY) {
            String value = span.getAttribute(key);
            if (value != null) {
                String redacted = redact(value);
                if (!redacted.equals(value)) {
                    span.setAttribute(key, redacted);
                }
            }
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
