package dev.switchboard.gateway.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.TestOrigin;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The fetch path is bounded: past {@code fetch.max-pending} a request that needs the worker is refused at once with
 * 503 and nothing is published (shown with the bound at zero); the bodies it holds stay within
 * {@code fetch.max-buffered-bytes} (503 beyond, shown with room for two relays).
 */
@QuarkusTest
@TestProfile(FetchBoundsTest.NoPendingFetches.class)
@WithTestResource(SharedInfrastructureResource.class)
class FetchBoundsTest {

    static final String ORIGIN = "https://bounds.test";
    static final TestOrigin SLOW_UPSTREAM = new TestOrigin();
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class NoPendingFetches implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.gateway.fetch.origin",
                    ORIGIN,
                    "switchboard.gateway.fetch.max-pending",
                    "0",
                    "switchboard.gateway.fetch.default-upstream",
                    SLOW_UPSTREAM.origin(),
                    "switchboard.gateway.fetch.max-body-bytes",
                    "1000",
                    "switchboard.gateway.fetch.max-response-bytes",
                    "1000",
                    "switchboard.gateway.fetch.max-buffered-bytes",
                    "2500");
        }
    }

    @Inject
    MeterRegistry meters;

    @AfterAll
    static void stopUpstream() {
        SLOW_UPSTREAM.close();
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void theBodiesTheFetchPathHoldsStayWithinTheBoundAndWhatDoesNotFitGets503() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        SLOW_UPSTREAM.delay(Duration.ofSeconds(3));
        try {
            // Two relays each reserve the largest answer (1000 bytes): 2000 of 2500.
            List<CompletableFuture<HttpResponse<String>>> slow = List.of(
                    http.sendAsync(get("/app/unscoped/one"), HttpResponse.BodyHandlers.ofString()),
                    http.sendAsync(get("/app/unscoped/two"), HttpResponse.BodyHandlers.ofString()));
            await().atMost(WAIT).until(() -> bufferedBytes() == 2000);

            HttpResponse<String> third = http.send(get("/app/unscoped/three"), HttpResponse.BodyHandlers.ofString());
            assertThat(ProblemBodies.typeOf(third)).isEqualTo(ProblemType.NOT_ACCEPTED);
            assertThat(third.body()).contains("too many upstream answers");
            HttpResponse<String> body = http.send(
                    HttpRequest.newBuilder(base.resolve("/app/unscoped/upload"))
                            .timeout(WAIT)
                            .POST(HttpRequest.BodyPublishers.ofString("x".repeat(600)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ProblemBodies.typeOf(body))
                    .as("600 body bytes do not fit either")
                    .isEqualTo(ProblemType.NOT_ACCEPTED);
            assertThat(body.body()).contains("too many request bodies");

            for (CompletableFuture<HttpResponse<String>> relay : slow) {
                assertThat(relay.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode())
                        .isEqualTo(200);
            }
            await().atMost(WAIT).until(() -> bufferedBytes() == 0);
        } finally {
            SLOW_UPSTREAM.delay(Duration.ZERO);
        }
        HttpResponse<String> again = http.send(get("/app/unscoped/three"), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as("the memory came back").isEqualTo(200);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT).build();
    }

    private double bufferedBytes() {
        return meters.find("switchboard.gateway.fetch.buffered.bytes").gauge().value();
    }

    @Test
    void aFetchEventPastTheBoundIsRefusedWith503() {
        HazelcastInstance member = SharedInfrastructure.hazelcast().member(0);
        String run = "r" + UUID.randomUUID().toString().replace("-", "");
        member.<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS)
                .set(
                        run,
                        new RegistrationRecord(
                                run,
                                ORIGIN + "/app/" + run + "/",
                                "",
                                "http://127.0.0.1:9",
                                "",
                                "",
                                "v-" + run,
                                LifecycleState.ACTIVATED.wireName(),
                                "[]",
                                1));
        String clientId = "c-" + run;
        TestFetchWorker.recordClient(member, clientId, "v-" + run);

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/app/" + run + "/page"))
                            .header("Switchboard-Client", clientId)
                            .header("Cookie", TestFetchWorker.OWNER_COOKIE)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ProblemBodies.typeOf(response)).isEqualTo(ProblemType.NOT_ACCEPTED);
            assertThat(response.headers().firstValue("Switchboard-Fetch")).contains("gateway");
            assertThat(response.body()).contains("too many fetch events");
        });
    }
}
