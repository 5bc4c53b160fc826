package dev.switchboard.push.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.push.TestBrowsers;
import dev.switchboard.push.rest.JsonHttp;
import dev.switchboard.push.service.ScriptedPushService.Answer;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A push to a user with a connected client wakes the worker of each registration its subscriptions were made under
 * (Web Push otherwise); a subscription removed as gone or replaced is a {@code pushsubscriptionchange} for its
 * worker; the per-user limit holds under concurrent subscribes; named topics fan a send out to their members.
 */
@QuarkusTest
@WithTestResource(SecuredServiceResource.class)
class PushToWorkersTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ScriptedPushService pushService;

    @TestHTTPResource("/")
    URI base;

    private JsonHttp api;
    private String user;
    private TestTopic events;

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
        user = "user-" + UUID.randomUUID();
        events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
    }

    @AfterEach
    void tearDown() {
        events.close();
        clients().removeAll(Predicates.equal("userId", user));
    }

    @Test
    void aUserWithAConnectedClientGetsAPushEventForEachRegistrationAndOtherwiseWebPush() throws Exception {
        subscribe(user, pushService.endpoint(user + "-phone"), "shop");
        subscribe(user, pushService.endpoint(user + "-laptop"), null);
        connect(user);

        JsonHttp.Reply woke = api.post(
                "/push/users/" + user + "/messages",
                Map.of("payload", "your order shipped", "ttl", 60, "urgency", "high", "topic", "order"));
        assertThat(woke.status()).as(woke.toString()).isEqualTo(202);
        assertThat(woke.body().get("messages")).hasSize(2);
        assertThat(woke.body().get("messages")).allSatisfy(message -> {
            assertThat(message.get("via").asText()).isEqualTo("worker");
            assertThat(message.has("subscriptionId")).isFalse();
        });
        // Both events may come in one poll: the predicate sees every record of it, so it collects them.
        List<CloudEvent> pushes = new ArrayList<>();
        events.await(
                record -> {
                    if (record.key().equals(user)
                            && EventTypes.PUSH_PUSH.equals(record.value().getType())) {
                        pushes.add(record.value());
                    }
                    return pushes.size() == 2;
                },
                WAIT);
        List<String> registrations = new ArrayList<>();
        for (CloudEvent pushed : pushes) {
            registrations.add(registrationOf(pushed));
            JsonNode data = JSON.readTree(SwitchboardEvents.data(pushed));
            assertThat(data.get("data").asText()).isEqualTo("your order shipped");
            assertThat(data.get("ttl").asLong()).isEqualTo(60);
            assertThat(data.get("urgency").asText()).isEqualTo("high");
            assertThat(data.get("topic").asText()).isEqualTo("order");
            assertThat(SwitchboardEvents.userId(pushed)).isEqualTo(user);
        }
        assertThat(registrations).containsExactlyInAnyOrder("shop", "echo");

        clients().removeAll(Predicates.equal("userId", user));
        JsonHttp.Reply pushed = api.post("/push/users/" + user + "/messages", Map.of("payload", "by web push"));
        assertThat(pushed.body().get("messages"))
                .allSatisfy(message -> assertThat(message.get("via").asText()).isEqualTo("web-push"));
        await().atMost(WAIT)
                .until(() -> pushService.received(user + "-phone").size() == 1
                        && pushService.received(user + "-laptop").size() == 1);
        assertThat(pushService.received(user + "-phone"))
                .as("the worker's push was not also sent by Web Push")
                .hasSize(1);
    }

    @Test
    void aConnectedUserWithoutSubscriptionsWakesTheDefaultRegistration() throws Exception {
        connect(user);
        JsonHttp.Reply woke = api.post("/push/users/" + user + "/messages", Map.of("payload", "hello"));
        assertThat(woke.body().get("messages").get(0).get("registration").asText())
                .isEqualTo("echo");
        events.await(
                record -> record.key().equals(user)
                        && EventTypes.PUSH_PUSH.equals(record.value().getType()),
                WAIT);
    }

    @Test
    void aSubscriptionItsPushServiceCallsGoneIsAPushSubscriptionChangeForItsWorker() throws Exception {
        String endpoint = pushService.endpoint(user, new Answer(410, null));
        subscribe(user, endpoint, "shop");
        api.post("/push/users/" + user + "/messages", Map.of("payload", "still there?"));

        ConsumerRecord<String, CloudEvent> change = events.await(
                record -> record.key().equals(user)
                        && EventTypes.PUSH_SUBSCRIPTION_CHANGE.equals(
                                record.value().getType()),
                WAIT);
        assertThat(registrationOf(change.value())).isEqualTo("shop");
        JsonNode data = JSON.readTree(SwitchboardEvents.data(change.value()));
        assertThat(data.get("reason").asText()).isEqualTo("gone");
        assertThat(data.get("oldSubscription").get("endpoint").asText()).isEqualTo(endpoint);
        assertThat(data.get("oldSubscription").get("keys").get("auth").asText()).isNotEmpty();
        assertThat(data.get("newSubscription").isNull()).isTrue();
        assertThat(api.get("/push/users/" + user + "/subscriptions").body()).isEmpty();
    }

    @Test
    void theSameEndpointWithNewKeysReplacesTheOldSubscriptionAndSaysSo() throws Exception {
        String endpoint = pushService.endpoint(user);
        subscribe(user, endpoint, null);
        subscribe(user, endpoint, null);

        ConsumerRecord<String, CloudEvent> change = events.await(
                record -> record.key().equals(user)
                        && EventTypes.PUSH_SUBSCRIPTION_CHANGE.equals(
                                record.value().getType()),
                WAIT);
        JsonNode data = JSON.readTree(SwitchboardEvents.data(change.value()));
        assertThat(data.get("reason").asText()).isEqualTo("replaced");
        assertThat(data.get("newSubscription").get("endpoint").asText()).isEqualTo(endpoint);
        assertThat(data.get("newSubscription").get("keys").get("p256dh").asText())
                .isNotEqualTo(
                        data.get("oldSubscription").get("keys").get("p256dh").asText());
    }

    @Test
    void concurrentSubscribesOfOneUserNeverPassTheLimit() throws Exception {
        int attempts = 40;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> subscribes = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String endpoint = pushService.endpoint(user + "-" + i);
                subscribes.add(() -> api.post(
                                "/push/users/" + user + "/subscriptions", TestBrowsers.subscription(endpoint, null))
                        .status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : threads.invokeAll(subscribes)) {
                statuses.add(status.get());
            }
            assertThat(statuses).filteredOn(status -> status == 201).hasSize(20);
            assertThat(statuses).filteredOn(status -> status == 409).hasSize(attempts - 20);
        } finally {
            threads.shutdown();
        }
        assertThat(api.get("/push/users/" + user + "/subscriptions").body()).hasSize(20);
    }

    @Test
    void aSendToANamedTopicReachesEveryMemberAndOnlyThem() {
        String topic = "news-" + UUID.randomUUID().toString().substring(0, 8);
        String other = user + "-other";
        String outsider = user + "-outsider";
        subscribe(user, pushService.endpoint(user), null);
        subscribe(other, pushService.endpoint(other), null);
        subscribe(outsider, pushService.endpoint(outsider), null);

        assertThat(api.put("/push/topics/" + topic + "/users/" + user).status()).isEqualTo(201);
        assertThat(api.put("/push/topics/" + topic + "/users/" + other).status())
                .isEqualTo(201);
        assertThat(api.put("/push/topics/" + topic + "/users/" + other).status())
                .as("joining twice")
                .isEqualTo(204);
        assertThat(api.get("/push/topics/" + topic + "/users").body())
                .extracting(member -> member.get("userId").asText())
                .containsExactly(user, other);

        JsonHttp.Reply sent = api.post("/push/topics/" + topic + "/messages", Map.of("payload", "breaking"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        assertThat(sent.body().get("messages")).hasSize(2);
        await().atMost(WAIT)
                .until(() -> pushService.received(user).size() == 1
                        && pushService.received(other).size() == 1);
        assertThat(pushService.received(outsider)).isEmpty();

        assertThat(api.delete("/push/topics/" + topic + "/users/" + other).status())
                .isEqualTo(204);
        assertThat(api.delete("/push/topics/" + topic + "/users/" + other)
                        .body()
                        .get("code")
                        .asText())
                .isEqualTo("no-member");
        assertThat(api.put("/push/topics/no%20spaces/users/" + user)
                        .body()
                        .get("code")
                        .asText())
                .isEqualTo("invalid-topic-name");
        assertThat(api.post("/push/topics/" + topic + "/messages", Map.of("payload", "x", "ttl", -1))
                        .body()
                        .get("code")
                        .asText())
                .isEqualTo("invalid-ttl");
    }

    private void subscribe(String userId, String endpoint, String registration) {
        Map<String, Object> body = new HashMap<>(TestBrowsers.subscription(endpoint, null));
        if (registration != null) {
            body.put("registration", registration);
        }
        JsonHttp.Reply created = api.post("/push/users/" + userId + "/subscriptions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    /** The gateway's registry entry of a client of {@code userId}, as a connecting client leaves it. */
    private void connect(String userId) {
        String clientId = UUID.randomUUID().toString();
        clients()
                .set(
                        clientId,
                        new ClientRecord(
                                clientId, "gateway-test", userId, "websocket", "", System.currentTimeMillis(), ""));
    }

    private static com.hazelcast.map.IMap<String, ClientRecord> clients() {
        return SharedInfrastructure.hazelcast().member(0).getMap(HazelcastNames.CLIENTS);
    }

    private static String registrationOf(CloudEvent event) {
        return SwitchboardEvents.extension(event, EventExtensions.REGISTRATION_ID)
                .orElseThrow();
    }
}
