package dev.switchboard.push.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.push.TestBrowsers;
import dev.switchboard.push.crypto.Base64Url;
import dev.switchboard.push.crypto.WebPushEncryption;
import dev.switchboard.push.model.PendingPush;
import dev.switchboard.push.rest.JsonHttp;
import dev.switchboard.push.service.ScriptedPushService.Answer;
import dev.switchboard.push.service.ScriptedPushService.Received;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.TestOrigin;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Delivery against a push service on loopback whose answers each test scripts: retries and backoff, 429 with
 * Retry-After, 404/410, refusals, TTL expiry, Topic replacement, and the Kafka record behind every accepted send.
 * The test profile sets initial-backoff 0.2 s, max-backoff 1 s, max-attempts 5.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ScriptedPushService pushService;
    private static boolean deliveryRunning;

    @TestHTTPResource("/")
    URI base;

    private JsonHttp api;
    private String name;

    @BeforeAll
    static void startPushService() {
        pushService = new ScriptedPushService();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @BeforeEach
    void setUp() {
        api = new JsonHttp(base, TestTokens.publisher());
        awaitDeliveryRunning();
        name = UUID.randomUUID().toString();
    }

    /** Tests that count on timing start once the consumer has its partitions: one message has gone through. */
    private void awaitDeliveryRunning() {
        if (deliveryRunning) {
            return;
        }
        name = "warm-up-" + UUID.randomUUID();
        send(subscribe(pushService.endpoint(name)), Map.of("payload", "warm-up"));
        await().atMost(WAIT).until(() -> pushService.received(name).size() == 1);
        deliveryRunning = true;
    }

    @Test
    void serverErrorsAreRetriedUntilTheMessageIsDeliveredAndEachTryIsAFullWebPushRequest() {
        String subscription = subscribe(pushService.endpoint(name, new Answer(500, null), new Answer(503, null)));

        send(subscription, Map.of("payload", "three tries", "ttl", 120, "urgency", "low", "topic", "t1"));

        await().atMost(WAIT).until(() -> pushService.received(name).size() == 3);
        for (Received request : pushService.received(name)) {
            assertThat(request.header("Authorization")).startsWith("vapid t=").contains(", k=");
            assertThat(request.header("Content-Encoding")).isEqualTo("aes128gcm");
            assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(Long.parseLong(request.header("TTL"))).isBetween(1L, 120L);
            assertThat(request.header("Urgency")).isEqualTo("low");
            assertThat(request.header("Topic")).isEqualTo("t1");
            assertThat(request.bodyBytes()).isEqualTo(WebPushEncryption.HEADER_BYTES + "three tries".length() + 1 + 16);
        }
        Received first = pushService.received(name).get(0);
        Received second = pushService.received(name).get(1);
        Received third = pushService.received(name).get(2);
        assertThat(third.atMillis() - second.atMillis())
                .as("the wait doubles")
                .isGreaterThanOrEqualTo(second.atMillis() - first.atMillis());
        assertThat(api.get(subscriptionPath(subscription)).status()).isEqualTo(200);
    }

    @Test
    void a429IsRetriedNoSoonerThanItsRetryAfter() {
        String subscription = subscribe(pushService.endpoint(name, new Answer(429, "2")));

        send(subscription, Map.of("payload", "slow down"));

        await().atMost(WAIT).until(() -> pushService.received(name).size() == 2);
        assertThat(pushService.received(name).get(1).atMillis()
                        - pushService.received(name).get(0).atMillis())
                .isGreaterThanOrEqualTo(1990);
    }

    @Test
    void aServerErrorsRetryAfterIsCappedAtMaxRetryAfter() {
        double retriedBefore = counter("switchboard_push_retries_total");
        String subscription = subscribe(pushService.endpoint(name, new Answer(503, "80000")));

        send(subscription, Map.of("payload", "not in 22 hours"));

        // max-retry-after is PT6S in tests: the second try comes after it, not after the 80000 s asked for.
        await().atMost(WAIT).until(() -> pushService.received(name).size() == 2);
        assertThat(pushService.received(name).get(1).atMillis()
                        - pushService.received(name).get(0).atMillis())
                .isGreaterThanOrEqualTo(5990);
        assertThat(counter("switchboard_push_retries_total")).isGreaterThan(retriedBefore);
    }

    @Test
    void endpointsTheOutboundPolicyRefusesAreNeverReached() {
        try (TestOrigin elsewhere = TestOrigin.on("127.0.0.2");
                TestOrigin redirecting = new TestOrigin()) {
            // Refused when subscribed: an address literal or a metadata name says enough without DNS.
            for (String endpoint : List.of(
                    "http://169.254.169.254/latest/meta-data/",
                    "http://10.0.0.1/push/x",
                    "https://metadata.google.internal/push/x",
                    elsewhere.origin() + "/push/x",
                    "http://[::1]/push/x")) {
                JsonHttp.Reply refused =
                        api.post("/push/users/" + name + "/subscriptions", TestBrowsers.subscription(endpoint, null));
                assertThat(refused.status()).as(endpoint).isEqualTo(400);
                assertThat(refused.body().path("code").asText()).isEqualTo("invalid-endpoint");
                assertThat(refused.body().path("detail").asText()).contains("outbound request refused");
            }
            // A push service's redirect is not followed (switchboard.outbound.max-redirects is 0): not to 127.0.0.2.
            double redirectedBefore = counter("switchboard_push_failed_total{reason=\"rejected-302\"");
            String redirect = redirecting.origin() + "/push/" + name + "?redirect="
                    + URLEncoder.encode(elsewhere.origin() + "/steal", StandardCharsets.UTF_8);
            send(subscribe(redirect), Map.of("payload", "redirected"));
            await().atMost(WAIT)
                    .until(() -> counter("switchboard_push_failed_total{reason=\"rejected-302\"") > redirectedBefore);
            assertThat(redirecting.served()).isEqualTo(1);
            assertThat(elsewhere.served()).as("127.0.0.2 never reached").isZero();
        }
    }

    @Test
    void a404RemovesTheSubscription() {
        String subscription = subscribe(pushService.endpoint(name, new Answer(404, null)));

        send(subscription, Map.of("payload", "gone?"));

        await().atMost(WAIT).until(() -> api.get(subscriptionPath(subscription)).status() == 404);
        assertThat(pushService.received(name)).hasSize(1);
    }

    @Test
    void aRefusalIsNotRetriedAndServerErrorsStopAfterMaxAttempts() {
        String refused = name + "-refused";
        String refusedSubscription = subscribe(pushService.endpoint(refused, new Answer(400, null)));
        Answer error = new Answer(500, null);
        String failing = subscribe(pushService.endpoint(name, error, error, error, error, error, error, error));
        double rejectedBefore = counter("switchboard_push_failed_total{reason=\"rejected-400\"");
        double exhaustedBefore = counter("switchboard_push_failed_total{reason=\"server-error\"");

        send(refusedSubscription, Map.of("payload", "no"));
        send(failing, Map.of("payload", "never"));

        await().atMost(WAIT)
                .until(() -> counter("switchboard_push_failed_total{reason=\"rejected-400\"") > rejectedBefore
                        && counter("switchboard_push_failed_total{reason=\"server-error\"") > exhaustedBefore);
        assertThat(pushService.received(refused)).hasSize(1);
        assertThat(pushService.received(name)).as("max-attempts").hasSize(5);
        assertThat(api.get(subscriptionPath(failing)).status())
                .as("a failing push service is not a gone subscription")
                .isEqualTo(200);
    }

    @Test
    void aMessageWhoseTtlWouldRunOutBeforeItsNextTryIsDroppedAsExpired() {
        String subscription = subscribe(pushService.endpoint(name, new Answer(429, "5")));
        double expiredBefore = counter("switchboard_push_expired_total");

        send(subscription, Map.of("payload", "stale soon", "ttl", 3));

        await().atMost(WAIT).until(() -> counter("switchboard_push_expired_total") > expiredBefore);
        assertThat(pushService.received(name))
                .as("the 429 asks for 5 s, the TTL ends before: no second try")
                .hasSize(1);
    }

    @Test
    void aNewerMessageWithTheSameTopicReplacesOneThatIsStillPending() {
        String subscription = subscribe(pushService.endpoint(name, new Answer(429, "3")));
        double replacedBefore = counter("switchboard_push_replaced_total");

        send(subscription, Map.of("payload", "cart: 1 item", "topic", "cart", "urgency", "low"));
        await().atMost(WAIT).until(() -> pushService.received(name).size() == 1); // the first waits out its 429
        send(subscription, Map.of("payload", "cart: 2 items", "topic", "cart", "urgency", "high"));

        await().atMost(WAIT).until(() -> counter("switchboard_push_replaced_total") > replacedBefore);
        assertThat(pushService.received(name))
                .extracting(request -> request.header("Urgency"))
                .as("the older message was not sent again after its 429")
                .containsExactly("low", "high");
    }

    @Test
    void anAcceptedMessageIsInKafkaAndARecordLeftThereIsDeliveredUnlessItsTtlPassed() throws Exception {
        String subscription = subscribe(pushService.endpoint(name));
        try (TestTopic sends = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.PUSH_SENDS)) {
            String id = send(subscription, Map.of("payload", "durable"));
            ConsumerRecord<String, CloudEvent> record =
                    sends.await(r -> r.value().getId().equals(id), WAIT);
            assertThat(record.key()).isEqualTo(subscription);
            assertThat(record.value().getType()).isEqualTo(EventTypes.PUSH_SEND);
            await().atMost(WAIT).until(() -> pushService.received(name).size() == 1);

            // What a node that died before delivering leaves behind: records any node of the group delivers.
            long now = System.currentTimeMillis();
            sends.send(pushSend(new PendingPush(
                    "left-" + name, subscription, Base64Url.encode(bytes("left over")), 60, null, null, now)));
            sends.send(pushSend(new PendingPush(
                    "stale-" + name,
                    subscription,
                    Base64Url.encode(bytes("stale")),
                    60,
                    "very-low",
                    null,
                    now - Duration.ofMinutes(5).toMillis())));
        }
        await().atMost(WAIT).until(() -> pushService.received(name).size() == 2);
        assertThat(pushService.received(name).get(1).bodyBytes())
                .isEqualTo(WebPushEncryption.HEADER_BYTES + "left over".length() + 1 + 16);
    }

    @Test
    void sendsThatBreakTheRulesAreRefusedWithTheProblemNamed() {
        String subscription = subscribe(pushService.endpoint(name));

        assertRefused(subscription, Map.of("payload", "x".repeat(3994)), 413, "payload-too-large");
        assertRefused(subscription, Map.of("payload", "é".repeat(1997)), 413, "payload-too-large"); // 3994 bytes
        assertRefused(subscription, Map.of("payload", "x", "ttl", -1), 400, "invalid-ttl");
        assertRefused(subscription, Map.of("payload", "x", "ttl", 3_000_000), 400, "invalid-ttl");
        assertRefused(subscription, Map.of("payload", "x", "urgency", "urgent"), 400, "invalid-urgency");
        assertRefused(subscription, Map.of("payload", "x", "topic", "not a topic"), 400, "invalid-topic");
        assertRefused(subscription, Map.of("payload", "x", "topic", "t".repeat(33)), 400, "invalid-topic");
        assertRefused("no-such-subscription", Map.of("payload", "x"), 404, "no-subscription");
        JsonHttp.Reply broken = api.post("/push/subscriptions/" + subscription + "/messages", "{\"payload\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().path("code").asText()).isEqualTo("bad-json");

        assertThat(api.post("/push/users/nobody-" + name + "/messages", Map.of("payload", "x"))
                        .body()
                        .path("messages"))
                .as("a user without subscriptions: nothing to accept")
                .isEmpty();
        assertThat(pushService.received(name)).as("nothing refused was sent").isEmpty();
    }

    private void assertRefused(String subscription, Map<String, Object> message, int status, String code) {
        JsonHttp.Reply reply = api.post("/push/subscriptions/" + subscription + "/messages", message);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.body().path("code").asText()).isEqualTo(code);
        assertThat(reply.body().path("detail").asText()).isNotBlank();
    }

    private String subscribe(String endpoint) {
        JsonHttp.Reply created =
                api.post("/push/users/" + name + "/subscriptions", TestBrowsers.subscription(endpoint, null));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private String send(String subscription, Map<String, Object> message) {
        JsonHttp.Reply accepted = api.post("/push/subscriptions/" + subscription + "/messages", message);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.body().path("messages").get(0).path("id").asText();
    }

    private String subscriptionPath(String subscription) {
        return "/push/users/" + name + "/subscriptions/" + subscription;
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix} (the value follows the name; an exemplar may trail). */
    private double counter(String prefix) {
        String metrics = api.get("/q/metrics").body().asText();
        return metrics.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(line.indexOf(' ') + 1).split(" ")[0]))
                .sum();
    }

    private static CloudEvent pushSend(PendingPush push) throws Exception {
        return CloudEventBuilder.v1()
                .withId(push.id())
                .withSource(ServiceSources.of("push-service", "dead-node"))
                .withType(EventTypes.PUSH_SEND)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withSubject(push.subscriptionId())
                .withExtension(EventExtensions.PARTITION_KEY, push.subscriptionId())
                .withData(SwitchboardEvents.JSON, new ObjectMapper().writeValueAsBytes(push))
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
