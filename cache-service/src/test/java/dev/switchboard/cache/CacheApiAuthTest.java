package dev.switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.AuthChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may do what on cache-service (docs/security.md): every call needs a valid token; the Cache API's changes need
 * switchboard-publisher (or admin), its reads also switchboard-reader; the client registry is for readers and admins.
 */
@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
class CacheApiAuthTest {

    @TestHTTPResource("/")
    URI base;

    private final String origin = "https://auth-" + UUID.randomUUID().toString().substring(0, 8) + ".test";

    @Test
    void everyCallNeedsAValidTokenAndTheRightRole() {
        List<HttpRequest.Builder> changes = List.of(
                put("/caches/v1"),
                delete("/caches/v1"),
                post("/caches/v1/put", "{\"request\":{\"url\":\"/a\"},\"response\":{\"status\":200}}"),
                post("/caches/v1/add-all", "{\"requests\":[]}"),
                post("/caches/v1/delete", "{\"request\":{\"url\":\"/a\"}}"));
        List<HttpRequest.Builder> reads = List.of(
                get(storage("/caches")),
                get(storage("/caches/v1")),
                get(storage("/estimate")),
                post("/match", "{\"request\":{\"url\":\"/a\"}}"),
                post("/caches/v1/match", "{\"request\":{\"url\":\"/a\"}}"),
                post("/caches/v1/match-all", "{}"),
                post("/caches/v1/keys", "{}"));
        List<HttpRequest.Builder> registry = List.of(
                get(base.resolve("/clients").toString()),
                get(base.resolve("/clients/someone").toString()));
        for (List<HttpRequest.Builder> group : List.of(changes, reads, registry)) {
            for (HttpRequest.Builder request : group) {
                assertThat(AuthChecks.withoutValidToken(request))
                        .as(request.build().toString())
                        .allSatisfy(
                                (kind, status) -> assertThat(status).as(kind).isEqualTo(401));
                assertThat(AuthChecks.status(request, TestTokens.user("alice")))
                        .as(request.build().toString())
                        .isEqualTo(403);
            }
        }
        for (HttpRequest.Builder change : changes) {
            assertThat(AuthChecks.status(change, TestTokens.reader()))
                    .as(change.build().toString())
                    .isEqualTo(403);
        }
        for (HttpRequest.Builder read : reads) {
            assertThat(AuthChecks.status(read, TestTokens.reader()))
                    .as(read.build().toString())
                    .isNotIn(401, 403);
        }
        for (HttpRequest.Builder lookup : registry) {
            assertThat(AuthChecks.status(lookup, TestTokens.publisher()))
                    .as("a client id is a secret: not the backend's")
                    .isEqualTo(403);
            assertThat(AuthChecks.status(lookup, TestTokens.reader())).isNotIn(401, 403);
            assertThat(AuthChecks.status(lookup, TestTokens.admin())).isNotIn(401, 403);
        }
        assertThat(AuthChecks.status(put("/caches/v1"), TestTokens.publisher())).isEqualTo(204);
        assertThat(AuthChecks.status(put("/caches/v2"), TestTokens.admin())).isEqualTo(204);
        assertThat(AuthChecks.status(get(base.resolve("/q/health/ready").toString()), null))
                .isEqualTo(200);
        assertThat(AuthChecks.status(get(base.resolve("/q/metrics").toString()), null))
                .isEqualTo(200);
    }

    private String storage(String path) {
        return base.resolve("/storage" + path) + "?origin=" + URLEncoder.encode(origin, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private HttpRequest.Builder put(String path) {
        return HttpRequest.newBuilder(URI.create(storage(path))).PUT(HttpRequest.BodyPublishers.noBody());
    }

    private HttpRequest.Builder delete(String path) {
        return HttpRequest.newBuilder(URI.create(storage(path))).DELETE();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(storage(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
