package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hazelcast.map.IMap;

import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.push.TestBrowsers;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A subscribe that cannot have its user's lock (another holder keeps it past the 10 s wait) is answered 503
 * {@code busy} with the {@code Retry-After} of {@code switchboard.push.retry-after} (PT1S by default).
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class BusyRetryAfterTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSubscribeThatFindsItsUserLockedIsBusyAndSaysWhenToRetry() throws Exception {
        String user = "user-" + UUID.randomUUID();
        IMap<String, Object> subscriptions =
                SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.PUSH_SUBSCRIPTIONS);
        String lock = "#user:" + user;
        subscriptions.lock(lock);
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("/push/users/" + user + "/subscriptions"))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Authorization", TestTokens.bearer(TestTokens.publisher()))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(JsonHttp.json(TestBrowsers.subscription(
                                            "https://push.example.net/wpush/" + UUID.randomUUID(), null))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(ProblemBodies.typeOf(answer)).isEqualTo(ProblemType.BUSY);
            assertThat(answer.headers().firstValue("Retry-After")).contains("1");
        } finally {
            subscriptions.unlock(lock);
        }
    }
}
