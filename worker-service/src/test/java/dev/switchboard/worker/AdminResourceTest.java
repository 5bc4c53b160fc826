package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.AuthChecks;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.bundle.ZipBombs;
import dev.switchboard.worker.runtime.TestBundles;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The admin API end to end in the service: a bundle published over HTTP, registered, activated, and a
 * controlled client's message over Kafka handled by the bundle loaded in its own class loader.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class AdminResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    HazelcastInstance hazelcast;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String origin =
            "https://admin-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    private final String script = origin + "/app/sw.jar";

    @Test
    void aPublishedBundleIsRegisteredActivatedAndHandlesItsClientsMessages() throws Exception {
        Readiness.await(base, WAIT);
        HttpResponse<String> published = send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe("name", "admin-v1"))));
        assertThat(published.statusCode()).isEqualTo(200);
        String digest = JSON.readTree(published.body()).path("digest").asText();
        assertThat(digest).hasSize(64);

        HttpResponse<String> registered = postJson("/admin/registrations", "{\"scriptUrl\":\"" + script + "\"}");
        assertThat(registered.statusCode()).isEqualTo(200);
        JsonNode registration = JSON.readTree(registered.body());
        String id = registration.path("id").asText();
        assertThat(registration.path("scope").asText()).isEqualTo(origin + "/app/");
        await().atMost(WAIT).until(() -> "activated"
                .equals(get("/admin/registrations/" + id).path("activeState").asText()));
        assertThat(get("/admin/registrations?url=" + origin + "/app/page.html")
                        .get(0)
                        .path("id")
                        .asText())
                .isEqualTo(id);

        String clientId = "client-" + UUID.randomUUID();
        hazelcast
                .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                .set(
                        clientId,
                        new ClientRecord(
                                clientId,
                                "gw",
                                "alice",
                                "websocket",
                                origin + "/app/page.html",
                                System.currentTimeMillis(),
                                ""));
        await().atMost(WAIT)
                .until(() -> digest.equals(hazelcast
                        .<String, ClientRecord>getMap(HazelcastNames.CLIENTS)
                        .get(clientId)
                        .controller()));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            CloudEvent message = SwitchboardEvents.clientMessage(
                    ServiceSources.of("gateway", "test"),
                    clientId,
                    "alice",
                    "echo",
                    "\"hello\"".getBytes(StandardCharsets.UTF_8));
            events.send(message);
            ConsumerRecord<String, CloudEvent> reply = deliveries.await(
                    r -> SwitchboardEvents.extension(r.value(), EventExtensions.IN_REPLY_TO)
                            .orElse("")
                            .equals(message.getId()),
                    WAIT);
            assertThat(JSON.readTree(SwitchboardEvents.data(reply.value()))
                            .path("version")
                            .asText())
                    .isEqualTo("admin-v1");
        }

        assertThat(send(HttpRequest.newBuilder(base.resolve("/admin/registrations/" + id))
                                .DELETE())
                        .statusCode())
                .isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(base.resolve("/admin/registrations/" + id))
                                .GET())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void onlyAnAdminRegisteringSaysSoGrantsTheCrossUserClientsCapability() throws Exception {
        Readiness.await(base, WAIT);
        send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe("name", "cross-user"))));
        String plain = "{\"scriptUrl\":\"" + script + "\"}";
        assertThat(crossUser(postJson("/admin/registrations", plain)))
                .as("not unless granted")
                .isFalse();
        String granting = "{\"scriptUrl\":\"" + script + "\",\"crossUserClients\":true}";
        JsonNode granted =
                JSON.readTree(postJson("/admin/registrations", granting).body());
        assertThat(granted.path("crossUserClients").asBoolean()).isTrue();
        assertThat(get("/admin/registrations/" + granted.path("id").asText())
                        .path("crossUserClients")
                        .asBoolean())
                .isTrue();
        assertThat(crossUser(postJson("/admin/registrations", plain)))
                .as("registering again keeps it")
                .isTrue();
        assertThat(crossUser(postJson(
                        "/admin/registrations", "{\"scriptUrl\":\"" + script + "\",\"crossUserClients\":false}")))
                .as("revoked")
                .isFalse();

        HttpResponse<String> builtin =
                postJson("/admin/registrations", "{\"scriptUrl\":\"builtin:echo\",\"crossUserClients\":true}");
        assertThat(builtin.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(builtin.body()).path("detail").asText()).contains("cross-user");
        assertThat(get("/admin/registrations/echo").path("crossUserClients").asBoolean())
                .isFalse();
        assertThat(AuthChecks.status(
                        HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(granting)),
                        TestTokens.reader()))
                .as("a reader grants nothing")
                .isEqualTo(403);
    }

    private static boolean crossUser(HttpResponse<String> registered) throws Exception {
        assertThat(registered.statusCode()).isEqualTo(200);
        JsonNode registration = JSON.readTree(registered.body());
        assertThat(registration.has("crossUserClients")).isTrue();
        return registration.path("crossUserClients").asBoolean();
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        Readiness.await(base, WAIT);
        HttpResponse<String> notAJar = send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray("not a jar".getBytes(StandardCharsets.UTF_8))));
        assertThat(notAJar.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notAJar.body()).path("detail").asText()).contains("META-INF/services");

        assertThat(postJson("/admin/registrations", "{\"scriptUrl\":\"" + origin + "/nothing.jar\"}")
                        .statusCode())
                .isEqualTo(404);
        send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe("name", "errors"))));
        HttpResponse<String> wider =
                postJson("/admin/registrations", "{\"scriptUrl\":\"" + script + "\",\"scope\":\"" + origin + "/\"}");
        assertThat(wider.statusCode()).isEqualTo(400);
        assertThat(wider.body()).contains("SecurityError");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/admin/registrations/nope/update"))
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> openapi = http.send(
                HttpRequest.newBuilder(base.resolve("/q/openapi"))
                        .timeout(WAIT)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/admin/registrations/{id}/update");
    }

    @Test
    void anOversizedBundleIsRefused() throws Exception {
        Readiness.await(base, WAIT);
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10_485_761])));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    void aZipBombIsRefusedWithA413NamingTheLimit() throws Exception {
        Readiness.await(base, WAIT);
        byte[] bomb = ZipBombs.oneHugeEntry(256L << 20);
        HttpResponse<String> refused = send(HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(refused.body()).path("detail").asText()).contains("max-entry-bytes");
        assertThat(send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET())
                        .statusCode())
                .as("the node keeps serving")
                .isEqualTo(200);
    }

    @Test
    void everyCallNeedsAValidTokenAndChangesNeedTheAdminRole() throws Exception {
        Readiness.await(base, WAIT);
        // Dead letters are users' events, payloads and all: even reading them needs the admin role.
        List<HttpRequest.Builder> adminOnly = List.of(
                HttpRequest.newBuilder(base.resolve("/admin/bundles?script=" + script))
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestBundles.probe("name", "auth"))),
                HttpRequest.newBuilder(base.resolve("/admin/registrations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"scriptUrl\":\"" + script + "\"}")),
                HttpRequest.newBuilder(base.resolve("/admin/registrations/echo/update"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                HttpRequest.newBuilder(base.resolve("/admin/registrations/echo"))
                        .DELETE(),
                HttpRequest.newBuilder(base.resolve("/admin/dead-letters?max=5"))
                        .GET(),
                HttpRequest.newBuilder(base.resolve("/admin/dead-letters/replay?max=5"))
                        .POST(HttpRequest.BodyPublishers.noBody()));
        List<HttpRequest.Builder> reads = List.of(
                HttpRequest.newBuilder(base.resolve("/admin/registrations")).GET(),
                HttpRequest.newBuilder(base.resolve("/admin/registrations/echo"))
                        .GET());
        for (HttpRequest.Builder request : concat(adminOnly, reads)) {
            assertThat(AuthChecks.withoutValidToken(request))
                    .as(request.build().toString())
                    .allSatisfy((kind, status) -> assertThat(status).as(kind).isEqualTo(401));
            for (String token : List.of(
                    TestTokens.publisher(), TestTokens.user("alice"), TestTokens.withRoles("x", "other-role"))) {
                assertThat(AuthChecks.status(request, token))
                        .as(request.build().toString())
                        .isEqualTo(403);
            }
        }
        for (HttpRequest.Builder change : adminOnly) {
            assertThat(AuthChecks.status(change, TestTokens.reader()))
                    .as("a reader changes nothing")
                    .isEqualTo(403);
        }
        for (HttpRequest.Builder read : reads) {
            assertThat(AuthChecks.status(read, TestTokens.reader())).isEqualTo(200);
            assertThat(AuthChecks.status(read, TestTokens.admin())).isEqualTo(200);
        }
        assertThat(get("/admin/registrations/echo").path("activeVersion").asText())
                .as("echo is untouched")
                .isNotEmpty();
        assertThat(AuthChecks.status(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET(), null))
                .as("probes need no token")
                .isEqualTo(200);
        assertThat(AuthChecks.status(
                        HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET(), "garbage"))
                .as("nor are they refused for a bad one")
                .isEqualTo(200);
    }

    private static List<HttpRequest.Builder> concat(List<HttpRequest.Builder> first, List<HttpRequest.Builder> second) {
        List<HttpRequest.Builder> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(
                send(HttpRequest.newBuilder(base.resolve(path)).GET()).body());
    }

    private HttpResponse<String> postJson(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** As the operator: every call of the admin API needs a token with the admin role. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(
                request.timeout(WAIT)
                        .header("Authorization", TestTokens.bearer(TestTokens.admin()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
