package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.ServerRefusals;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every error push-service answers is an RFC 9457 problem of a type docs/errors.md lists. */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushProblemsTest {

    @TestHTTPResource("/")
    URI base;

    private final String alice = "alice-" + UUID.randomUUID();

    @Test
    void theFrameworksRefusalsAreProblems() {
        assertThat(ProblemBodies.typeOf(
                        as(TestTokens.user(alice), "/push/no-such-path").GET()))
                .isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemBodies.typeOf(as(null, "/push/vapid/public-key").DELETE()))
                .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemBodies.typeOf(as(TestTokens.user(alice), subscriptions())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))))
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ProblemBodies.typeOf(json(TestTokens.user(alice), subscriptions(), "{\"endpoint\":")))
                .isEqualTo(ProblemType.BAD_JSON);
        assertThat(ProblemBodies.typeOf(json(TestTokens.user(alice), subscriptions(), "{\"keys\": [1, 2]}")))
                .as("JSON of the wrong shape")
                .isEqualTo(ProblemType.BAD_JSON);
    }

    @Test
    void authFailuresAreProblems() {
        assertThat(ProblemBodies.typeOf(as(null, subscriptions()).GET())).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(ProblemBodies.typeOf(
                        as(TestTokens.expired(), subscriptions()).GET()))
                .isEqualTo(ProblemType.INVALID_TOKEN);
        assertThat(ProblemBodies.typeOf(as(TestTokens.user(alice), "/push/users/someone-else/subscriptions")
                        .GET()))
                .as("a user acts only as itself")
                .isEqualTo(ProblemType.FORBIDDEN);
        assertThat(ProblemBodies.typeOf(json(TestTokens.reader(), "/push/vapid/rotate", "")))
                .as("without the role")
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void thePushApisRefusalsAreProblems() {
        assertThat(ProblemBodies.typeOf(
                        as(TestTokens.user(alice), subscriptions() + "/nothing").GET()))
                .isEqualTo(ProblemType.NO_SUBSCRIPTION);
        assertThat(ProblemBodies.typeOf(json(TestTokens.user(alice), subscriptions(), "{\"keys\": {}}")))
                .isEqualTo(ProblemType.MISSING_ENDPOINT);
        assertThat(ProblemBodies.typeOf(
                        json(TestTokens.publisher(), "/push/users/bad%20user/messages", "{\"payload\": \"hi\"}")))
                .isEqualTo(ProblemType.INVALID_USER);
        assertThat(ProblemBodies.typeOf(json(
                        TestTokens.publisher(),
                        "/push/users/" + alice + "/messages",
                        "{\"payload\": \"hi\", \"urgency\": \"whenever\"}")))
                .isEqualTo(ProblemType.INVALID_URGENCY);
    }

    /**
     * What the server refuses before any handler runs (docs/errors.md): a body past quarkus.http.limits.max-body-size
     * (10 MiB), declared or chunked.
     */
    @Test
    void theServersOwnRefusals() {
        assertThat(ServerRefusals.answers(
                        base,
                        subscriptions(),
                        ServerRefusals.jsonWithToken(TestTokens.user(alice)),
                        11L << 20,
                        11L << 20))
                .containsExactlyEntriesOf(ServerRefusals.EXPECTED);
    }

    private String subscriptions() {
        return "/push/users/" + alice + "/subscriptions";
    }

    private HttpRequest.Builder json(String token, String path, String body) {
        return as(token, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder as(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        return token == null ? request : request.header("Authorization", TestTokens.bearer(token));
    }
}
