package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.ServerRefusals;
import dev.switchboard.testsupport.clients.TestEventSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every error the gateway answers itself over HTTP is an RFC 9457 problem of a type docs/errors.md lists, its code
 * the error frame's: the router's own answers, refused connects and tickets, refused posts. (Fetch interception's
 * problems are checked in the fetch tests.)
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class GatewayProblemsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
    }

    @Test
    void theRoutersOwnAnswersAreProblems() {
        assertThat(ProblemBodies.typeOf(request("/no-such-path").GET())).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemBodies.typeOf(request("/tickets").PUT(HttpRequest.BodyPublishers.noBody())))
                .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
    }

    @Test
    void refusedConnectsAndTicketsAreProblems() {
        assertThat(ProblemBodies.typeOf(request("/ws").GET())).as("no Upgrade").isEqualTo(ProblemType.BAD_HANDSHAKE);
        assertThat(ProblemBodies.typeOf(
                        request("/sse").header("Origin", "https://evil.example").GET()))
                .isEqualTo(ProblemType.FORBIDDEN_ORIGIN);
        assertThat(ProblemBodies.typeOf(request("/sse?access_token=x").GET())).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(ProblemBodies.typeOf(request("/tickets").POST(HttpRequest.BodyPublishers.noBody())))
                .as("a ticket needs a credential, also in anonymous mode")
                .isEqualTo(ProblemType.UNAUTHORIZED);
    }

    @Test
    void refusedPostsAreProblemsWithTheErrorFramesCode() throws Exception {
        try (TestEventSource stream = TestEventSource.open(base.resolve("/sse"))) {
            JsonNode welcome = JSON.readTree(stream.events().next(WAIT).data());
            String messages = "/clients/" + welcome.get("clientId").asText() + "/messages";
            String token = welcome.get("anonymousToken").asText();
            assertThat(ProblemBodies.typeOf(post(messages, "{\"type\":\"message\",\"data\":1}", null)))
                    .isEqualTo(ProblemType.UNAUTHORIZED);
            assertThat(ProblemBodies.typeOf(
                            post("/clients/nobody/messages", "{\"type\":\"message\",\"data\":1}", token)))
                    .isEqualTo(ProblemType.UNKNOWN_CLIENT);
            assertThat(ProblemBodies.typeOf(post(messages, "{oops", token))).isEqualTo(ProblemType.BAD_JSON);
            assertThat(ProblemBodies.typeOf(post(messages, "{\"type\":\"message\"}", token)))
                    .isEqualTo(ProblemType.BAD_FRAME);
            assertThat(ProblemBodies.typeOf(post(messages, "{\"type\":\"teleport\",\"data\":1}", token)))
                    .isEqualTo(ProblemType.UNKNOWN_TYPE);
            assertThat(ProblemBodies.typeOf(
                            post(messages, "{\"type\":\"message\",\"data\":\"" + "y".repeat(70_000) + "\"}", token)))
                    .isEqualTo(ProblemType.TOO_LARGE);
        }
    }

    /**
     * What the server refuses before any handler runs (docs/errors.md): a body past quarkus.http.limits.max-body-size
     * (10 MiB) when declared, past http.max-body-bytes (64 KiB) when chunked.
     */
    @Test
    void theServersOwnRefusals() {
        assertThat(ServerRefusals.answers(
                        base,
                        "/clients/nobody/messages",
                        Map.of("Content-Type", "application/json"),
                        11L << 20,
                        1L << 20))
                .containsExactlyEntriesOf(ServerRefusals.EXPECTED);
    }

    private HttpRequest.Builder post(String path, String body, String token) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }
}
