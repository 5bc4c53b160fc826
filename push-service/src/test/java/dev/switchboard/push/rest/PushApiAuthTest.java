package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.push.TestBrowsers;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.AuthChecks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may do what on push-service (docs/security.md): no token or an invalid one is 401 everywhere but the public
 * VAPID key; a user acts only as itself; the backend (publisher) sends and acts for anyone; rotation is the admin's.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushApiAuthTest {

    @TestHTTPResource("/")
    URI base;

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @Test
    void everyEndpointButThePublicKeyNeedsAValidToken() {
        for (HttpRequest.Builder request : List.of(
                post("/push/users/" + alice + "/subscriptions", subscription()),
                get("/push/users/" + alice + "/subscriptions"),
                get("/push/users/" + alice + "/subscriptions/x"),
                HttpRequest.newBuilder(base.resolve("/push/users/" + alice + "/subscriptions/x"))
                        .DELETE(),
                post("/push/users/" + alice + "/messages", "{\"payload\":\"hi\"}"),
                post("/push/subscriptions/x/messages", "{\"payload\":\"hi\"}"),
                HttpRequest.newBuilder(base.resolve("/push/topics/news/users/" + alice))
                        .PUT(HttpRequest.BodyPublishers.noBody()),
                get("/push/topics/news/users"),
                post("/push/topics/news/messages", "{\"payload\":\"hi\"}"),
                post("/push/vapid/rotate", ""))) {
            assertThat(AuthChecks.withoutValidToken(request))
                    .as(request.build().toString())
                    .allSatisfy((kind, status) -> assertThat(status).as(kind).isEqualTo(401));
        }
        assertThat(AuthChecks.status(get("/push/vapid/public-key"), null)).isEqualTo(200);
    }

    @Test
    void refusalsSayInJsonWhetherTheTokenIsMissingInvalidOrWithoutTheRole() {
        JsonHttp.Reply missing = new JsonHttp(base).post("/push/vapid/rotate", "");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("code").asText()).isEqualTo("unauthorized");
        JsonHttp.Reply invalid = new JsonHttp(base, TestTokens.expired()).post("/push/vapid/rotate", "");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.body().path("code").asText()).isEqualTo("invalid-token");
        JsonHttp.Reply forbidden = new JsonHttp(base, TestTokens.reader()).post("/push/vapid/rotate", "");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.body().path("code").asText()).isEqualTo("forbidden");
        assertThat(forbidden.body().path("detail").asText()).isNotBlank();
        JsonHttp.Reply otherUser =
                new JsonHttp(base, TestTokens.user(alice)).get("/push/users/" + bob + "/subscriptions");
        assertThat(otherUser.body().path("detail").asText()).contains("acts only for that user");
    }

    @Test
    void aUserManagesOnlyItsOwnSubscriptionsAndSendsNothing() {
        JsonHttp asAlice = new JsonHttp(base, TestTokens.user(alice));
        JsonHttp asBob = new JsonHttp(base, TestTokens.user(bob));
        Map<String, Object> bobsBrowser =
                TestBrowsers.subscription("https://push.example.net/wpush/" + UUID.randomUUID(), null);
        JsonHttp.Reply bobs = asBob.post("/push/users/" + bob + "/subscriptions", bobsBrowser);
        assertThat(bobs.status()).isEqualTo(201);
        String bobsId = bobs.body().path("id").asText();

        assertThat(asAlice.post("/push/users/" + bob + "/subscriptions", subscription())
                        .status())
                .as("alice stores nothing under bob")
                .isEqualTo(403);
        assertThat(asAlice.get("/push/users/" + bob + "/subscriptions").status())
                .isEqualTo(403);
        assertThat(asAlice.get("/push/users/" + bob + "/subscriptions/" + bobsId)
                        .status())
                .isEqualTo(403);
        assertThat(asAlice.delete("/push/users/" + bob + "/subscriptions/" + bobsId)
                        .status())
                .isEqualTo(403);

        // Alice's own keys on bob's endpoint would redirect bob's pushes to her: refused, bob's record intact.
        Map<String, Object> hijack = TestBrowsers.subscription((String) bobsBrowser.get("endpoint"), null);
        JsonHttp.Reply taken = asAlice.post("/push/users/" + alice + "/subscriptions", hijack);
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken.body().path("code").asText()).isEqualTo("endpoint-taken");
        JsonHttp.Reply stillBobs = asBob.get("/push/users/" + bob + "/subscriptions/" + bobsId);
        assertThat(stillBobs.status()).isEqualTo(200);
        assertThat(stillBobs.body().path("keys").path("p256dh").asText())
                .isEqualTo(((Map<?, ?>) bobsBrowser.get("keys")).get("p256dh"));
        assertThat(asAlice.get("/push/users/" + alice + "/subscriptions").body())
                .isEmpty();

        JsonHttp.Reply own = asAlice.post("/push/users/" + alice + "/subscriptions", subscription());
        assertThat(own.status()).isEqualTo(201);
        assertThat(asAlice.get("/push/users/" + alice + "/subscriptions").body())
                .hasSize(1);
        assertThat(asAlice.delete("/push/users/" + alice + "/subscriptions/"
                                + own.body().path("id").asText())
                        .status())
                .isEqualTo(204);

        assertThat(asAlice.post("/push/users/" + bob + "/messages", Map.of("payload", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(asAlice.post("/push/subscriptions/" + bobsId + "/messages", Map.of("payload", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(asAlice.put("/push/topics/vip/users/" + alice).status())
                .as("no joining topics alone")
                .isEqualTo(403);
        assertThat(asAlice.post("/push/vapid/rotate", "").status()).isEqualTo(403);
    }

    @Test
    void theBackendActsForAnyUserReadersOnlyReadAndOnlyTheAdminRotates() {
        JsonHttp publisher = new JsonHttp(base, TestTokens.publisher());
        JsonHttp reader = new JsonHttp(base, TestTokens.reader());
        assertThat(publisher
                        .post("/push/users/" + alice + "/subscriptions", subscription())
                        .status())
                .isEqualTo(201);
        assertThat(publisher
                        .post("/push/users/" + alice + "/messages", Map.of("payload", "x"))
                        .status())
                .isEqualTo(202);
        assertThat(publisher.put("/push/topics/t-" + alice + "/users/" + alice).status())
                .isEqualTo(201);

        assertThat(reader.get("/push/users/" + alice + "/subscriptions").body()).hasSize(1);
        assertThat(reader.get("/push/topics/t-" + alice + "/users").status()).isEqualTo(200);
        assertThat(reader.post("/push/users/" + alice + "/subscriptions", subscription())
                        .status())
                .isEqualTo(403);
        assertThat(reader.post("/push/users/" + alice + "/messages", Map.of("payload", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(reader.put("/push/topics/t-" + alice + "/users/" + bob).status())
                .isEqualTo(403);

        assertThat(publisher.post("/push/vapid/rotate", "").status()).isEqualTo(403);
        assertThat(new JsonHttp(base, TestTokens.admin())
                        .post("/push/vapid/rotate", "")
                        .status())
                .isEqualTo(200);
    }

    private static Map<String, Object> subscription() {
        return TestBrowsers.subscription("https://push.example.net/wpush/" + UUID.randomUUID(), null);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, Object body) {
        String json = body instanceof String text ? text : JsonHttp.json(body);
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }
}
