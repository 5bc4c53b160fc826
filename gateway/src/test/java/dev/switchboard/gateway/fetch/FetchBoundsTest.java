package dev.switchboard.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.embedded.SharedInfrastructure;
import dev.switchboard.embedded.SharedInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The fetch events a node lets wait are bounded: past {@code fetch.max-pending} a request that needs the worker is
 * refused at once with 503 and nothing is published. Shown with the bound at zero.
 */
@QuarkusTest
@TestProfile(FetchBoundsTest.NoPendingFetches.class)
@WithTestResource(SharedInfrastructureResource.class)
class FetchBoundsTest {

    static final String ORIGIN = "https://bounds.test";

    public static class NoPendingFetches implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.fetch.origin", ORIGIN,
                    "switchboard.gateway.fetch.max-pending", "0");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aFetchEventPastTheBoundIsRefusedWith503() {
        HazelcastInstance member = SharedInfrastructure.hazelcast().member(0);
        String run = "r" + UUID.randomUUID().toString().replace("-", "");
        member.<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS).set(run, new RegistrationRecord(run,
                ORIGIN + "/app/" + run + "/", "", "http://127.0.0.1:9", "", "", "v-" + run, FetchHandler.ACTIVATED,
                "[]", 1));
        String clientId = "c-" + run;
        TestFetchWorker.recordClient(member, clientId, "v-" + run);

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/app/" + run + "/page"))
                    .header("Switchboard-Client", clientId).header("Cookie", TestFetchWorker.OWNER_COOKIE).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Switchboard-Fetch")).contains("gateway");
            assertThat(response.body()).contains("too many fetch events");
        });
    }
}
