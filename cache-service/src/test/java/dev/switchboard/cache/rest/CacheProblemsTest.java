package dev.switchboard.cache.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.cache.JoinSharedClusterResource;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.ServerRefusals;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every error cache-service answers is an RFC 9457 problem of a type docs/errors.md lists. */
@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
class CacheProblemsTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URI base;

    private final String origin =
            "https://problems-" + UUID.randomUUID().toString().substring(0, 8) + ".test";

    @Test
    void theFrameworksRefusalsAreProblems() throws Exception {
        assertThat(ProblemBodies.typeOf(publisher("/no-such-path").GET())).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemBodies.typeOf(publisher(caches("v1")).method("PATCH", HttpRequest.BodyPublishers.noBody())))
                .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemBodies.typeOf(publisher(caches("v1/put"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))))
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ProblemBodies.typeOf(json(caches("v1/put"), "{\"request\": ")))
                .isEqualTo(ProblemType.BAD_JSON);
        assertThat(ProblemBodies.typeOf(json(caches("v1/put"), "[\"not\", \"an object\"]")))
                .isEqualTo(ProblemType.BAD_JSON);
    }

    /**
     * What the server refuses before any handler runs (docs/errors.md): a body past quarkus.http.limits.max-body-size
     * (10 MiB), declared (refused from the headers, the body never sent) or chunked.
     */
    @Test
    void theServersOwnRefusals() {
        assertThat(ServerRefusals.answers(
                        base,
                        "/storage/caches/v1/put?origin=https://x.test",
                        ServerRefusals.jsonWithToken(TestTokens.publisher()),
                        11L << 20,
                        11L << 20))
                .containsExactlyEntriesOf(ServerRefusals.EXPECTED);
    }

    @Test
    void authFailuresAreProblems() throws Exception {
        HttpResponse<String> missing =
                send(HttpRequest.newBuilder(URI.create(storage("/caches"))).GET());
        assertThat(ProblemBodies.typeOf(missing)).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(ProblemBodies.typeOf(HttpRequest.newBuilder(URI.create(storage("/caches")))
                        .header("Authorization", "Bearer not-a-jwt")
                        .GET()))
                .isEqualTo(ProblemType.INVALID_TOKEN);
        assertThat(ProblemBodies.typeOf(HttpRequest.newBuilder(URI.create(storage("/caches")))
                        .header("Authorization", TestTokens.bearer(TestTokens.user("alice")))
                        .GET()))
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void theCacheApisRejectionsAreProblems() throws Exception {
        assertThat(ProblemBodies.typeOf(json(caches("nowhere/match"), "{\"request\": {\"url\": \"/x\"}}")))
                .isEqualTo(ProblemType.NO_CACHE);
        assertThat(send(publisher(caches("v1")).PUT(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(204);
        assertThat(ProblemBodies.typeOf(json(caches("v1/match"), "{\"request\": {\"url\": \"/x\"}}")))
                .isEqualTo(ProblemType.NO_MATCH);
        assertThat(ProblemBodies.typeOf(
                        json(caches("v1/put"), "{\"request\": {\"url\": \"/x\"}, \"response\": {\"status\": 206}}")))
                .isEqualTo(ProblemType.TYPE_ERROR);
        assertThat(ProblemBodies.typeOf(json(caches("v1/put"), "{}"))).isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(ProblemBodies.typeOf(
                        publisher(base.resolve("/storage/caches").toString()).GET()))
                .as("no origin")
                .isEqualTo(ProblemType.BAD_REQUEST);
    }

    private HttpRequest.Builder json(String url, String body) {
        return publisher(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder publisher(String url) {
        return HttpRequest.newBuilder(url.startsWith("/") ? base.resolve(url) : URI.create(url))
                .header("Authorization", TestTokens.bearer(TestTokens.publisher()));
    }

    private String storage(String path) {
        return base.resolve("/storage" + path) + "?origin=" + URLEncoder.encode(origin, StandardCharsets.UTF_8);
    }

    private String caches(String path) {
        return storage("/caches/" + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
