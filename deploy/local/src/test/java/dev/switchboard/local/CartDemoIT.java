package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.TestTokens;
import dev.switchboard.testsupport.clients.BrowserScenario;
import dev.switchboard.testsupport.clients.CuttableProxy;
import dev.switchboard.testsupport.clients.TestWebSocket;

/**
 * The seed's cart in real Chromium (docs/demo.md): the demo page on the SDK, the cart worker bundle (demo/cart) on
 * the fixture's worker, push-service running its background syncs, and two gateway processes of their own behind
 * the test's proxy, which balances connections over them as a load balancer does. Three browser contexts are
 * three devices: two of user A, one of user B, each with its JWT. An edit on one of A's devices shows on the other
 * and never on B's; a device that goes offline, edits, and comes back converges with the other; and with one
 * gateway SIGKILLed in the middle of a stream of edits from both of A's devices, every edit is applied exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CartDemoIT {

    private static final Logger LOG = Logger.getLogger(CartDemoIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ServiceProcess> SERVICES = new ArrayList<>();
    private static MultiNodeFixture fixture;
    private static ServiceProcess nodeOne;
    private static ServiceProcess nodeTwo;
    private static CuttableProxy network;
    private static Path screenshots;
    private static Path home;

    @BeforeAll
    static void startSuite() throws Exception {
        fixture = MultiNodeFixture.get();
        home = Path.of(System.getProperty("switchboard.home", "../.."))
                .toAbsolutePath()
                .normalize();
        screenshots = Files.createDirectories(Path.of("target/cart-demo"));
        Map<String, String> push = new HashMap<>(SharedInfrastructure.serviceConfig());
        push.putAll(TestTokens.verifierConfig());
        push.put("switchboard.push.node-id", "push-cart");
        byte[] sealingKey = new byte[32];
        new SecureRandom().nextBytes(sealingKey);
        push.put(
                "switchboard.push.vapid.key-encryption-key", Base64.getEncoder().encodeToString(sealingKey));
        push.put("quarkus.otel.sdk.disabled", "true");
        // An attempt that fails (a worker restarting, say) is tried again within the test's time.
        push.put("switchboard.push.sync.initial-backoff", "PT0.3S");
        push.put("switchboard.push.sync.max-backoff", "PT1S");
        ServiceProcess pushService = ServiceProcess.of(
                        SuiteService.PUSH,
                        "push-cart",
                        home,
                        home.resolve("target/switchboard-it/cart/logs"),
                        FreePorts.next(),
                        "256m",
                        push)
                .start();
        SERVICES.add(pushService);
        nodeOne = fixture.startExtraGateway("cart-1");
        nodeTwo = fixture.startExtraGateway("cart-2");
        SERVICES.addAll(List.of(nodeOne, nodeTwo));
        pushService.awaitReady(MultiNodeFixture.READY);
        network = new CuttableProxy(List.of(nodeOne.httpPort(), nodeTwo.httpPort()));
        String scope = "http://127.0.0.1:" + network.port() + "/demo/cart/";
        register(scope);
        for (ServiceProcess node : List.of(nodeOne, nodeTwo)) {
            awaitCartWorker(node, scope);
        }
    }

    /**
     * Waits until {@code node} puts a client in {@code scope} under the cart worker (gateways learn registrations
     * from a Hazelcast listener): a client that connects there with that URL gets a cart when it asks for one.
     */
    private static void awaitCartWorker(ServiceProcess node, String scope) throws Exception {
        String user = "cart-probe-" + UUID.randomUUID();
        URI ws = fixture.ws(
                node, "/ws?url=" + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8));
        MultiNodeFixture.await(
                node.name() + " controlling " + scope + " with the cart worker",
                () -> {
                    try (TestWebSocket probe = TestWebSocket.connect(
                            ws, Map.of("Authorization", TestTokens.bearer(TestTokens.user(user))))) {
                        probe.frames().next(MultiNodeFixture.WAIT);
                        probe.send("{\"type\":\"message\",\"data\":{\"type\":\"get\"}}");
                        for (int frame = 0; frame < 3; frame++) {
                            JsonNode next = JSON.readTree(probe.frames().next(MultiNodeFixture.WAIT));
                            if (next.path("type").asText().equals("message")) {
                                return next.path("data").has("cart");
                            }
                        }
                        return false;
                    }
                },
                controlled -> controlled);
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (network != null) {
            network.close();
        }
        SERVICES.parallelStream().forEach(ServiceProcess::stop);
    }

    @Test
    @Order(1)
    void everyDeviceOfAUserShowsItsEditsAndNoOtherUsersDoesAlsoAfterBeingOffline() throws Exception {
        try (BrowserScenario devices = devices()) {
            // The user's first edit also warms up its path (its first sync and channel records, each consumer's
            // first fetch): the bound of the issue is for the ones that follow.
            devices.send("edit a1 fruit-0");
            devices.expect("EDITED");
            List<Long> elapsed = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                devices.send("edit " + (n % 2 == 1 ? "a1" : "a2") + " fruit-" + n);
                JsonNode edited = JSON.readTree(devices.expect("EDITED"));
                elapsed.add(edited.get("elapsedMs").asLong());
            }
            // The bound is 500 ms; tests do not assert on speed (this machine is shared and noisy), so the
            // times are logged: each edit did show on the other device, or the scenario would have failed.
            LOG.infof(
                    "an edit on one of A's devices showed on the other after %s ms (issue 17: within 500 ms)", elapsed);

            devices.send("offline a2");
            devices.expect("OFFLINE");
            network.cutAll();
            devices.send("queue a2 3 offline");
            assertThat(JSON.readTree(devices.expect("QUEUED")).get("waiting").asInt())
                    .as("the offline edits wait in the SDK's outbox")
                    .isGreaterThanOrEqualTo(3);
            devices.send("queue a1 1 online");
            devices.expect("QUEUED");
            devices.send("online a2");
            devices.expect("ONLINE");
            devices.send("converge 10");
            JsonNode carts = JSON.readTree(devices.expect("CONVERGED"));
            assertThat(carts.get("a2")).as("A's devices agree").isEqualTo(carts.get("a1"));
            assertThat(carts.at("/a1/version").asInt()).isEqualTo(10);
            assertThat(fields(carts.at("/a1/items")))
                    .containsOnlyKeys(
                            "fruit-0",
                            "fruit-1",
                            "fruit-2",
                            "fruit-3",
                            "fruit-4",
                            "fruit-5",
                            "offline-1",
                            "offline-2",
                            "offline-3",
                            "online-1");
            assertThat(carts.at("/b1/items").isEmpty())
                    .as("nothing of A's on B's device")
                    .isTrue();
            assertThat(carts.at("/b1/version").asInt()).isZero();
            devices.send("screenshots");
            LOG.infof("screenshots: %s", devices.expect("SHOT"));
        }
    }

    @Test
    @Order(2)
    void noEditIsLostOrAppliedTwiceWhenAGatewayIsKilledDuringEdits() throws Exception {
        try (BrowserScenario devices = devices()) {
            devices.send("burst a1 20 left");
            devices.expect("BURST");
            devices.send("burst a2 20 right");
            devices.expect("BURST");
            Thread.sleep(800);
            nodeOne.kill();
            LOG.infof("killed %s during the edits", nodeOne.name());
            devices.send("converge 40");
            JsonNode carts = JSON.readTree(devices.expect("CONVERGED"));
            assertThat(carts.get("a2")).as("A's devices agree").isEqualTo(carts.get("a1"));
            Map<String, Integer> expected = new HashMap<>();
            IntStream.rangeClosed(1, 20).forEach(n -> {
                expected.put("left-" + n, 1);
                expected.put("right-" + n, 1);
            });
            assertThat(fields(carts.at("/a1/items")))
                    .as("every edit applied once: none lost, none twice")
                    .isEqualTo(expected);
            assertThat(carts.at("/a1/version").asInt())
                    .as("40 edits applied, no more")
                    .isEqualTo(40);
            assertThat(carts.at("/b1/items").isEmpty()).isTrue();
        }
    }

    /** The three devices, of a fresh user A and user B each time. */
    private static BrowserScenario devices() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        BrowserScenario devices = BrowserScenario.startLogged(
                screenshots.resolve("browser.log"),
                "browser-cart.cjs",
                "http://127.0.0.1:" + network.port(),
                TestTokens.user("cart-a-" + run),
                TestTokens.user("cart-b-" + run),
                screenshots.toAbsolutePath().toString());
        devices.expect("READY");
        return devices;
    }

    private static Map<String, Integer> fields(JsonNode items) {
        Map<String, Integer> fields = new HashMap<>();
        items.properties()
                .forEach(item -> fields.put(item.getKey(), item.getValue().asInt()));
        return fields;
    }

    /** Publishes the cart bundle and registers it for {@code scope} on the fixture's worker; waits until active. */
    private static void register(String scope) throws Exception {
        HttpClient admin = HttpClient.newHttpClient();
        String operator = "Bearer " + TestTokens.admin();
        HttpResponse<String> published = admin.send(
                HttpRequest.newBuilder(fixture.http(fixture.worker(), "/admin/bundles?script=" + scope + "cart.jar"))
                        .header("Authorization", operator)
                        .header("Content-Type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofFile(CartDemo.bundle(home)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        HttpResponse<String> registered = admin.send(
                HttpRequest.newBuilder(fixture.http(fixture.worker(), "/admin/registrations"))
                        .header("Authorization", operator)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("scriptUrl", scope + "cart.jar", "scope", scope))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        URI record = fixture.http(
                fixture.worker(),
                "/admin/registrations/"
                        + JSON.readTree(registered.body()).get("id").asText());
        MultiNodeFixture.await(
                "the cart worker active",
                () -> JSON.readTree(admin.send(
                                HttpRequest.newBuilder(record)
                                        .header("Authorization", operator)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()),
                state -> "activated".equals(state.path("activeState").asText()));
    }
}
