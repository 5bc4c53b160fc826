package dev.switchboard.worker.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.contract.problem.ProblemType;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.ProblemBodies;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.ServerRefusals;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every error worker-service answers is an RFC 9457 problem of a type docs/errors.md lists. */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class WorkerProblemsTest {

    @TestHTTPResource("/")
    URI base;

    private final String origin =
            "https://problems-" + UUID.randomUUID().toString().substring(0, 8) + ".example";

    @BeforeEach
    void ready() {
        Readiness.await(base, Duration.ofSeconds(30));
    }

    @Test
    void theFrameworksRefusalsAreProblems() {
        assertThat(ProblemBodies.typeOf(admin("/admin/nothing-here").GET())).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemBodies.typeOf(admin("/admin/registrations").PUT(HttpRequest.BodyPublishers.noBody())))
                .isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemBodies.typeOf(admin("/admin/registrations")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))))
                .isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(ProblemBodies.typeOf(json("/admin/registrations", "{\"scriptUrl\":")))
                .isEqualTo(ProblemType.BAD_JSON);
        assertThat(ProblemBodies.typeOf(admin("/admin/dead-letters?max=0").GET()))
                .isEqualTo(ProblemType.BAD_REQUEST);
    }

    @Test
    void authFailuresAreProblems() {
        assertThat(ProblemBodies.typeOf(HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                        .GET()))
                .isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(ProblemBodies.typeOf(HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                        .header("Authorization", TestTokens.bearer(TestTokens.expired()))
                        .GET()))
                .isEqualTo(ProblemType.INVALID_TOKEN);
        assertThat(ProblemBodies.typeOf(HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                        .header("Authorization", TestTokens.bearer(TestTokens.reader()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))))
                .isEqualTo(ProblemType.FORBIDDEN);
    }

    @Test
    void theAdminApisRefusalsAreProblems() {
        assertThat(ProblemBodies.typeOf(admin("/admin/registrations/nothing").GET()))
                .isEqualTo(ProblemType.NO_REGISTRATION);
        assertThat(ProblemBodies.typeOf(json("/admin/registrations", "{\"scriptUrl\":\"" + origin + "/app/sw.jar\"}")))
                .isEqualTo(ProblemType.NO_BUNDLE);
        assertThat(ProblemBodies.typeOf(json(
                        "/admin/registrations",
                        "{\"scriptUrl\":\"" + origin + "/app/sw.jar\",\"scope\":\"https://elsewhere.example/\"}")))
                .isEqualTo(ProblemType.REGISTRATION_REFUSED);
        assertThat(ProblemBodies.typeOf(admin("/admin/bundles")
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))))
                .as("no script URL")
                .isEqualTo(ProblemType.BAD_REQUEST);
        assertThat(ProblemBodies.typeOf(admin("/admin/bundles?script=" + origin + "/app/sw.jar")
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray("not a jar".getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo(ProblemType.INVALID_BUNDLE);
    }

    /**
     * What the server refuses before any handler runs (docs/errors.md): a body past quarkus.http.limits.max-body-size
     * (11M here), declared or chunked.
     */
    @Test
    void theServersOwnRefusals() {
        assertThat(ServerRefusals.answers(
                        base,
                        "/admin/registrations",
                        ServerRefusals.jsonWithToken(TestTokens.admin()),
                        12L << 20,
                        12L << 20))
                .containsExactlyEntriesOf(ServerRefusals.EXPECTED);
    }

    private HttpRequest.Builder json(String path, String body) {
        return admin(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", TestTokens.bearer(TestTokens.admin()));
    }
}
