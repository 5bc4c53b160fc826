package dev.switchboard.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.push.rest.JsonHttp;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Interop with an independent Web Push implementation: npm {@code web-push-testing} plays the browser's push
 * service. It verifies the VAPID JWT of each of our requests against the key the subscription was made with, and
 * decrypts the aes128gcm body with the subscription's private key; the test reads back the plaintext it got.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class WebPushInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static WebPushTestingServer pushService;

    @TestHTTPResource("/")
    URI base;

    private JsonHttp api;
    private String user;

    @BeforeAll
    static void startPushService() {
        pushService = WebPushTestingServer.start();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @BeforeEach
    void setUp() {
        api = new JsonHttp(base, TestTokens.publisher());
        user = "user-" + UUID.randomUUID();
    }

    @Test
    void theIndependentPushServiceVerifiesAndDecryptsWhatWeSend() {
        JsonNode browser = pushService.subscribe(publicKey());
        String subscriptionId = subscribe(browser);
        String largest = "x".repeat(3992) + "!"; // 3993 bytes: the most one record carries

        send(subscriptionId, Map.of("payload", "hello from switchboard", "ttl", 60, "urgency", "high"));
        send(subscriptionId, Map.of("payload", largest, "topic", "cart"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(texts(pushService.messages(clientHash(browser))))
                .containsExactly("hello from switchboard", largest));
    }

    @Test
    void aMessageToAUserReachesEachOfItsSubscriptions() {
        JsonNode phone = pushService.subscribe(publicKey());
        JsonNode laptop = pushService.subscribe(publicKey());
        subscribe(phone);
        subscribe(laptop);

        JsonHttp.Reply accepted = api.post("/push/users/" + user + "/messages", Map.of("payload", "cart: 3 items"));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().path("messages")).hasSize(2);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(texts(pushService.messages(clientHash(phone)))).containsExactly("cart: 3 items");
            assertThat(texts(pushService.messages(clientHash(laptop)))).containsExactly("cart: 3 items");
        });
    }

    @Test
    void aSubscriptionThePushServiceExpiredIsRemovedOnTheNext410() {
        JsonNode browser = pushService.subscribe(publicKey());
        String subscriptionId = subscribe(browser);
        pushService.expire(clientHash(browser));

        send(subscriptionId, Map.of("payload", "anyone there?"));

        await().atMost(WAIT)
                .until(() -> api.get(subscriptionPath(subscriptionId)).status() == 404);
        assertThat(api.get("/push/users/" + user + "/subscriptions").body()).isEmpty();
        assertThat(api.get("/q/metrics").body().asText())
                .containsPattern("switchboard_push_failed_total\\{reason=\"gone\"");
    }

    @Test
    void afterARotationOldSubscriptionsKeepTheirKeyAndNewOnesUseTheNewKey() {
        JsonNode before = pushService.subscribe(publicKey());
        String oldSubscription = subscribe(before);
        String rotated = api.as(TestTokens.admin())
                .post("/push/vapid/rotate", "")
                .body()
                .path("publicKey")
                .asText();
        JsonNode after = pushService.subscribe(rotated);
        String newSubscription = subscribe(after);

        send(oldSubscription, Map.of("payload", "signed with the old key"));
        send(newSubscription, Map.of("payload", "signed with the new key"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(texts(pushService.messages(clientHash(before)))).containsExactly("signed with the old key");
            assertThat(texts(pushService.messages(clientHash(after)))).containsExactly("signed with the new key");
        });
    }

    private String publicKey() {
        return api.get("/push/vapid/public-key").body().path("publicKey").asText();
    }

    /** Stores the browser's subscription (the PushSubscription JSON, as the page would post it) for the user. */
    private String subscribe(JsonNode browser) {
        JsonHttp.Reply created = api.post(
                "/push/users/" + user + "/subscriptions",
                Map.of(
                        "endpoint", browser.path("endpoint").asText(),
                        "keys",
                                Map.of(
                                        "p256dh",
                                        browser.path("keys").path("p256dh").asText(),
                                        "auth",
                                        browser.path("keys").path("auth").asText())));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private void send(String subscriptionId, Map<String, Object> message) {
        JsonHttp.Reply accepted = api.post("/push/subscriptions/" + subscriptionId + "/messages", message);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }

    private String subscriptionPath(String id) {
        return "/push/users/" + user + "/subscriptions/" + id;
    }

    private static String clientHash(JsonNode browser) {
        return browser.path("clientHash").asText();
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(message -> texts.add(message.asText()));
        return texts;
    }
}
