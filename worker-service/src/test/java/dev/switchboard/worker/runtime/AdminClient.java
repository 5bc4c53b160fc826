package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.Readiness;

/**
 * A test's hand on a running worker-service's admin API: publishes a {@link TestBundles#probe} bundle and registers
 * it at a scope, as an operator would, and waits for its version to be activated.
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final Duration wait;

    public AdminClient(URI base, Duration wait) {
        this.base = base;
        this.wait = wait;
    }

    /**
     * Registers a probe with {@code settings} at {@code scope} with {@code upstreamOrigin} (null: none): the admin
     * API's answer.
     */
    public HttpResponse<String> register(String scope, String upstreamOrigin, String... settings) throws Exception {
        Readiness.await(base, wait);
        String script = scope + "sw-" + UUID.randomUUID() + ".jar";
        HttpResponse<String> published = send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe(settings))));
        assertThat(published.statusCode()).isEqualTo(200);
        Map<String, String> registration = new HashMap<>(Map.of("scriptUrl", script, "scope", scope));
        if (upstreamOrigin != null) {
            registration.put("upstreamOrigin", upstreamOrigin);
        }
        return send(HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(registration))));
    }

    /** Registers, waits until the version is activated, and returns the registration. */
    public JsonNode activated(String scope, String upstreamOrigin, String... settings) throws Exception {
        HttpResponse<String> registered = register(scope, upstreamOrigin, settings);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String id = JSON.readTree(registered.body()).path("id").asText();
        return await().atMost(wait)
                .until(
                        () -> JSON.readTree(send(HttpRequest.newBuilder(base.resolve("/admin/registrations/" + id))
                                        .GET())
                                .body()),
                        record -> "activated".equals(record.path("activeState").asText()));
    }

    /** {@code request} with an admin's token. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(wait)
                        .header("Authorization", TestTokens.bearer(TestTokens.admin()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
