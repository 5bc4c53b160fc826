package dev.switchboard.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The Cache HTTP API end to end on this member of the shared cluster; its own HTTP port serves as the upstream. */
@QuarkusTest
@WithTestResource(JoinSharedClusterResource.class)
public class CacheStorageResourceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    private final String origin = "https://t" + UUID.randomUUID().toString().replace("-", "") + ".test";

    @Test
    void theCacheApiOverHttp() throws Exception {
        assertThat(call("PUT", caches("v1"), null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", caches("v2"), null).statusCode()).isEqualTo(204);
        assertThat(call("GET", storage("/caches"), null).body()).isEqualTo("[\"v1\",\"v2\"]");

        String body = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> put = call(
                "POST",
                caches("v1/put"),
                """
                {"request": {"url": "/cart?id=1", "headers": {"Accept-Language": "fr"}},
                 "response": {"status": 200, "statusText": "OK", "headers": {"Content-Type": "text/plain", "Vary": "Accept-Language"},
                              "body": "%s"}}"""
                        .formatted(body));
        assertThat(put.statusCode()).isEqualTo(204);

        HttpResponse<String> hit = call(
                "POST",
                storage("/match"),
                """
                {"request": {"url": "%s/cart?id=1", "headers": {"accept-language": "fr"}}}"""
                        .formatted(origin));
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.body())
                .contains("\"status\":200", "\"body\":\"" + body + "\"", "\"Content-Type\":\"text/plain\"");

        HttpResponse<String> otherLanguage = call(
                "POST",
                caches("v1/match"),
                """
                {"request": {"url": "/cart?id=1", "headers": {"Accept-Language": "de"}}}""");
        assertThat(otherLanguage.statusCode()).isEqualTo(404);
        assertThat(otherLanguage.body()).contains("\"code\":\"no-match\"");
        assertThat(call(
                                "POST",
                                caches("v1/match"),
                                """
                {"request": {"url": "/cart"}, "options": {"ignoreSearch": true, "ignoreVary": true}}""")
                        .statusCode())
                .isEqualTo(200);
        assertThat(call(
                                "POST",
                                storage("/match"),
                                """
                {"request": {"url": "/cart?id=1", "headers": {"Accept-Language": "fr"}}, "cacheName": "v2"}""")
                        .statusCode())
                .isEqualTo(404);

        assertThat(call("POST", caches("v1/keys"), "{}").body())
                .contains("\"url\":\"" + origin + "/cart?id=1\"", "\"method\":\"GET\"");
        assertThat(call("GET", caches("v1"), null).body()).contains(origin + "/cart?id=1");
        assertThat(call("POST", caches("v1/match-all"), null).body()).contains("\"status\":200");
        assertThat(call("GET", storage("/estimate"), null).body())
                .contains("\"quota\":52428800")
                .doesNotContain("\"usage\":0");

        assertThat(call(
                                "POST",
                                caches("v1/delete"),
                                """
                {"request": {"url": "/cart?id=1"}, "options": {"ignoreVary": true}}""")
                        .body())
                .isEqualTo("{\"deleted\":true}");
        assertThat(call("GET", storage("/estimate"), null).body()).contains("\"usage\":0");

        assertThat(call("DELETE", caches("v1"), null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", caches("v1"), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", storage("/caches"), null).body()).isEqualTo("[\"v2\"]");
    }

    @Test
    void addAllFetchesFromTheUpstreamAndStoresAllOrNothing() throws Exception {
        String upstream = base.resolve("/q/health/live").toString();
        call("PUT", caches("v1"), null);
        HttpResponse<String> failing = call(
                "POST",
                caches("v1/add-all"),
                """
                {"requests": [{"url": "%s"}, {"url": "%s"}]}"""
                        .formatted(upstream, base.resolve("/no-such-page")));
        assertThat(failing.statusCode()).isEqualTo(400);
        assertThat(failing.body()).contains("\"code\":\"type-error\"", "404");
        assertThat(call("POST", caches("v1/keys"), null).body()).isEqualTo("[]");

        assertThat(call(
                                "POST",
                                caches("v1/add-all"),
                                """
                {"requests": [{"url": "%s"}]}""".formatted(upstream))
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> cached =
                call("POST", caches("v1/match"), """
                {"request": {"url": "%s"}}""".formatted(upstream));
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(new String(
                        Base64.getDecoder().decode(cached.body().replaceAll(".*\"body\":\"([^\"]*)\".*", "$1")),
                        StandardCharsets.UTF_8))
                .contains("UP");

        HttpResponse<String> twice = call(
                "POST",
                caches("v1/add-all"),
                """
                {"requests": [{"url": "%s"}, {"url": "%s"}]}""".formatted(upstream, upstream));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("\"code\":\"invalid-state\"");
    }

    @Test
    void badInputGetsAProblemNamingIt() throws Exception {
        call("PUT", caches("v1"), null);
        assertError(call("GET", base.resolve("/storage/caches").toString(), null), 400, "bad-request", "origin");
        assertError(
                call("GET", base.resolve("/storage/caches?origin=ftp://x").toString(), null),
                400,
                "type-error",
                "origin");
        assertError(
                call(
                        "POST",
                        caches("v1/put"),
                        """
                {"request": {"url": "/x"}, "response": {"status": 206}}"""),
                400,
                "type-error",
                "206");
        assertError(
                call(
                        "POST",
                        caches("v1/put"),
                        """
                {"request": {"url": "/x", "method": "POST"}, "response": {"status": 200}}"""),
                400,
                "type-error",
                "POST");
        assertError(
                call(
                        "POST",
                        caches("v1/put"),
                        """
                {"request": {"url": "/x"}, "response": {"status": 200, "headers": {"Vary": "*"}}}"""),
                400,
                "type-error",
                "Vary");
        assertError(
                call(
                        "POST",
                        caches("v1/put"),
                        """
                {"request": {"url": "/x"}, "response": {"status": 200, "body": "not base64!"}}"""),
                400,
                "bad-request",
                "base64");
        assertError(call("POST", caches("v1/put"), "{\"request\": "), 400, "bad-json", "");
        assertError(call("POST", caches("v1/put"), "{}"), 400, "bad-request", "required");
        assertError(
                call("POST", caches("nothing-here/match"), "{\"request\": {\"url\": \"/x\"}}"),
                404,
                "no-cache",
                "nothing-here");
        assertThat(call("GET", storage("/caches"), null).statusCode())
                .as("the service keeps serving")
                .isEqualTo(200);
    }

    @Test
    void hitsMissesAndUsageArePublishedPerOrigin() throws Exception {
        call("PUT", caches("v1"), null);
        call(
                "POST",
                caches("v1/put"),
                "{\"request\": {\"url\": \"/a\"}, \"response\": {\"status\": 200, \"body\": \"YQ==\"}}");
        call("POST", caches("v1/match"), "{\"request\": {\"url\": \"/a\"}}");
        call("POST", caches("v1/match"), "{\"request\": {\"url\": \"/b\"}}");
        String metrics =
                call("GET", base.resolve("/q/metrics").toString(), null).body();
        assertThat(metrics)
                .contains(
                        "switchboard_cache_hits_total{origin=\"" + origin + "\"} 1.0",
                        "switchboard_cache_misses_total{origin=\"" + origin + "\"} 1.0",
                        "switchboard_cache_usage_bytes{origin=\"" + origin + "\"} " + (1 + (origin + "/a").length())
                                + ".0");
    }

    @Test
    void theHttpApiIsDescribedByOpenApi() throws Exception {
        String openApi = call("GET", base.resolve("/q/openapi?format=json").toString(), null)
                .body();
        assertThat(openApi)
                .contains("/storage/caches/{name}/match", "/storage/caches/{name}/add-all", "/storage/estimate");
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(ProblemBodies.typeOf(response).code()).isEqualTo(code);
        assertThat(response.body()).contains(mentions);
    }

    private String storage(String path) {
        return base.resolve("/storage" + path).toString() + "?origin="
                + URLEncoder.encode(origin, StandardCharsets.UTF_8);
    }

    private String caches(String path) {
        return storage("/caches/" + path);
    }

    /** As the application's backend: the Cache API's changes need switchboard-publisher. */
    public static HttpResponse<String> call(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", TestTokens.bearer(TestTokens.publisher()))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
