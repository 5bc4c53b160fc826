package dev.switchboard.push.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.push.TestBrowsers;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.P256;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class SubscriptionResourceTest {

    @TestHTTPResource("/")
    URI base;

    private JsonHttp api;
    private String user;

    @BeforeEach
    void setUp() {
        api = new JsonHttp(base, TestTokens.publisher());
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void createListGetAndDeleteInThePushSubscriptionShape() {
        Map<String, Object> browser =
                TestBrowsers.subscription("https://push.example.net/wpush/" + UUID.randomUUID(), 4102444800000L);

        JsonHttp.Reply created = api.post(subscriptions(), browser);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        assertThat(created.body().path("endpoint").asText()).isEqualTo(browser.get("endpoint"));
        assertThat(created.body().path("expirationTime").asLong()).isEqualTo(4102444800000L);
        assertThat(created.body().path("keys").path("p256dh").asText())
                .isEqualTo(keys(browser).get("p256dh"));
        assertThat(created.body().path("keys").path("auth").asText())
                .isEqualTo(keys(browser).get("auth"));

        assertThat(api.post(subscriptions(), browser).body().path("id").asText())
                .as("the same endpoint again is the same subscription")
                .isEqualTo(id);
        JsonHttp.Reply list = api.get(subscriptions());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).hasSize(1);
        assertThat(api.get(subscriptions() + "/" + id).status()).isEqualTo(200);
        assertThat(api.get("/push/users/someone-else/subscriptions/" + id).status())
                .as("another user's subscription is not visible")
                .isEqualTo(404);

        assertThat(api.delete(subscriptions() + "/" + id).status()).isEqualTo(204);
        assertThat(api.get(subscriptions() + "/" + id).status()).isEqualTo(404);
        assertThat(api.delete(subscriptions() + "/" + id).body().path("code").asText())
                .isEqualTo("no-subscription");
        assertThat(api.get(subscriptions()).body()).isEmpty();
    }

    @Test
    void invalidSubscriptionsAreRefusedWithA400NamingTheProblem() {
        String endpoint = "https://push.example.net/wpush/" + UUID.randomUUID();
        Map<String, Object> good = TestBrowsers.subscription(endpoint, null);

        assertRefused(Map.of("keys", keys(good)), "missing-endpoint", "endpoint is required");
        assertRefused(with(good, "endpoint", "ftp://push.example.net/x"), "invalid-endpoint", "http(s) URL");
        assertRefused(with(good, "endpoint", "not a url"), "invalid-endpoint", "not a URL");
        assertRefused(with(good, "expirationTime", 1000L), "expired", "in the past");
        assertRefused(
                with(good, "keys", Map.of("auth", keys(good).get("auth"))), "missing-key", "keys.p256dh is required");
        assertRefused(
                with(good, "keys", Map.of("p256dh", "!!!", "auth", keys(good).get("auth"))),
                "invalid-key",
                "keys.p256dh is not base64url");
        byte[] offCurve = Base64Url.decode((String) keys(good).get("p256dh"));
        offCurve[64] ^= 1;
        assertRefused(
                with(
                        good,
                        "keys",
                        Map.of(
                                "p256dh",
                                Base64Url.encode(offCurve),
                                "auth",
                                keys(good).get("auth"))),
                "invalid-key",
                "not on the P-256 curve");
        assertRefused(
                with(good, "keys", Map.of("p256dh", keys(good).get("p256dh"), "auth", "AAAA")),
                "invalid-key",
                "keys.auth must be 16 bytes, got 3");
        assertRefused(
                with(good, "applicationServerKey", Base64Url.encode(P256.encode((ECPublicKey)
                        P256.generate().getPublic()))),
                "unknown-application-server-key",
                "not one of this server's VAPID keys");

        JsonHttp.Reply broken = api.post(subscriptions(), "{\"endpoint\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().path("code").asText()).isEqualTo("bad-json");
        assertThat(api.post("/push/users/bad%20user/subscriptions", good)
                        .body()
                        .path("code")
                        .asText())
                .isEqualTo("invalid-user");

        assertThat(api.post(subscriptions(), good).status())
                .as("nothing of the above was stored; the good one is")
                .isEqualTo(201);
        assertThat(api.get(subscriptions()).body()).hasSize(1);
    }

    @Test
    void aUserHoldsAtMostTheConfiguredNumberOfSubscriptions() {
        for (int i = 0; i < 20; i++) {
            assertThat(api.post(
                                    subscriptions(),
                                    TestBrowsers.subscription("https://push.example.net/" + UUID.randomUUID(), null))
                            .status())
                    .isEqualTo(201);
        }
        JsonHttp.Reply refused =
                api.post(subscriptions(), TestBrowsers.subscription("https://push.example.net/one-more", null));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("code").asText()).isEqualTo("too-many-subscriptions");
    }

    private void assertRefused(Map<String, Object> body, String code, String message) {
        JsonHttp.Reply reply = api.post(subscriptions(), body);
        assertThat(reply.status()).as(body.toString()).isEqualTo(400);
        assertThat(reply.body().path("code").asText()).isEqualTo(code);
        assertThat(reply.body().path("detail").asText()).contains(message);
    }

    private String subscriptions() {
        return "/push/users/" + user + "/subscriptions";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> keys(Map<String, Object> subscription) {
        return (Map<String, Object>) subscription.get("keys");
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        HashMap<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
