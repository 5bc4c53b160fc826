package dev.switchboard.testsupport.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.testsupport.TestTokens;

/**
 * Sends one API request with each kind of credential a service must tell apart, so every API's auth test says the
 * same thing the same way: no token and every invalid token get 401, a token without the role 403.
 */
public final class AuthChecks {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private AuthChecks() {}

    /** The status {@code request} gets with {@code token} as its bearer token (none when null). */
    public static int status(HttpRequest.Builder request, String token) {
        HttpRequest.Builder copy = request.copy().timeout(Duration.ofSeconds(30));
        if (token != null) {
            copy.header("Authorization", TestTokens.bearer(token));
        }
        try {
            return HTTP.send(copy.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status for no token and for each token of {@link TestTokens#invalid()}, by what is wrong: all must be 401. */
    public static Map<String, Integer> withoutValidToken(HttpRequest.Builder request) {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("no token", status(request, null));
        TestTokens.invalid().forEach((kind, token) -> statuses.put(kind, status(request, token)));
        return statuses;
    }
}
