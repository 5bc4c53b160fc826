package dev.switchboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.switchboard.testsupport.SecuredServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushServiceReadinessTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void readyOnceItsHazelcastClientSeesTheClusterAndExposesPrometheusMetrics() throws Exception {
        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"hazelcast\"").contains("\"UP\"");
        assertThat(get("/q/metrics").body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void servesTheOpenApiDocumentOfThePushApi() throws Exception {
        HttpResponse<String> openApi = get("/q/openapi?format=json");
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body())
                .contains(
                        "/push/vapid/public-key",
                        "/push/users/{userId}/subscriptions",
                        "/push/subscriptions/{subscriptionId}/messages",
                        "/push/users/{userId}/messages",
                        "PushSubscription");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .timeout(Duration.ofSeconds(20))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
