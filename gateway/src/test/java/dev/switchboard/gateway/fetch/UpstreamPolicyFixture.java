package dev.switchboard.gateway.fetch;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.testsupport.SharedInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The gateway's network path to a registration's upstream, for the outbound policy tests: a registration of its
 * own per call, requested from no client, so the request is relayed to the upstream it names.
 */
abstract class UpstreamPolicyFixture {

    static final String ORIGIN = "https://policy.test";
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Fetch interception on, for {@link #ORIGIN}. */
    public static class FetchOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.gateway.fetch.origin", ORIGIN);
        }
    }

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A registration relaying to {@code upstreamOrigin}; returns its path prefix once the gateway's snapshot has it. */
    String registration(String upstreamOrigin) {
        String run = "r" + UUID.randomUUID().toString().replace("-", "");
        SharedInfrastructure.hazelcast()
                .member(0)
                .<String, RegistrationRecord>getMap(HazelcastNames.REGISTRATIONS)
                .set(
                        run,
                        new RegistrationRecord(
                                run,
                                ORIGIN + "/app/" + run + "/",
                                ORIGIN + "/sw.js",
                                upstreamOrigin,
                                "",
                                "",
                                "",
                                "",
                                "[]",
                                System.currentTimeMillis()));
        String prefix = "/app/" + run;
        // Until the snapshot has it, the path is outside every scope: 404 from the gateway itself.
        await().atMost(WAIT).until(() -> get(prefix + "/probe", Map.of()).statusCode() != 404);
        return prefix;
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
