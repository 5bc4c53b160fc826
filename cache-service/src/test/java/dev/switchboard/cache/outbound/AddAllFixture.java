package dev.switchboard.cache.outbound;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import dev.switchboard.cache.CacheStorageResourceTest;
import io.quarkus.test.common.http.TestHTTPResource;

/** {@code cache.addAll} over cache-service's HTTP API, as a tool calls it, for the outbound policy tests. */
abstract class AddAllFixture {

    @TestHTTPResource("/")
    URI base;

    final String origin = "https://out-" + UUID.randomUUID().toString().substring(0, 8) + ".test";

    HttpResponse<String> addAll(String url, String headersJson) throws Exception {
        CacheStorageResourceTest.call("PUT", caches("v1"), null);
        return CacheStorageResourceTest.call(
                "POST",
                caches("v1/add-all"),
                "{\"requests\": [{\"url\": \"" + url + "\", \"headers\": " + headersJson + "}]}");
    }

    /** The cached body of {@code url}, decoded. */
    String cachedBody(String url) throws Exception {
        String match = CacheStorageResourceTest.call(
                        "POST", caches("v1/match"), "{\"request\": {\"url\": \"" + url + "\"}}")
                .body();
        return new String(
                Base64.getDecoder().decode(match.replaceAll(".*\"body\":\"([^\"]*)\".*", "$1")),
                StandardCharsets.UTF_8);
    }

    String caches(String path) {
        return base.resolve("/storage/caches/" + path) + "?origin=" + URLEncoder.encode(origin, StandardCharsets.UTF_8);
    }
}
