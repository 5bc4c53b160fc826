package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.gateway.security.AnonymousTokens;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.BrowserScenario;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.CuttableProxy;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A real browser (Debian's chromium, driven by playwright-core) loses its network in the middle of a stream
 * and resumes without loss or repeats: the browser's own EventSource through Last-Event-ID, and the gateway's
 * JavaScript client over WebSocket and over SSE. The network cut is a proxy that drops every connection. The
 * JavaScript client also sends and receives binary messages on both transports, and handles the other frames:
 * notifications and lifecycle notices in, notification clicks and syncs out, refusals rejected with their code;
 * and it recovers a channel subscription across the cut from its last position, on both transports.
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class BrowserClientTest {

    private static final Logger LOG = Logger.getLogger(BrowserClientTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() {
        Readiness.await(base, WAIT);
    }

    @Test
    void theBrowsersEventSourceResumesThroughLastEventId() throws Exception {
        scenario("eventsource");
    }

    @Test
    void theJavaScriptClientResumesOverWebSocket() throws Exception {
        scenario("client-websocket");
    }

    @Test
    void theJavaScriptClientResumesOverSse() throws Exception {
        scenario("client-sse");
    }

    @Test
    void theJavaScriptClientSendsAndReceivesBinaryOverWebSocket() throws Exception {
        binaryScenario("websocket");
    }

    @Test
    void theJavaScriptClientSendsAndReceivesBinaryOverSse() throws Exception {
        binaryScenario("sse");
    }

    @Test
    void theJavaScriptClientHandlesTheOtherFramesOverWebSocket() throws Exception {
        framesScenario("websocket");
    }

    @Test
    void theJavaScriptClientHandlesTheOtherFramesOverSse() throws Exception {
        framesScenario("sse");
    }

    @Test
    void theJavaScriptClientRecoversItsChannelAcrossANetworkCutOverWebSocket() throws Exception {
        channelScenario("websocket");
    }

    @Test
    void theJavaScriptClientRecoversItsChannelAcrossANetworkCutOverSse() throws Exception {
        channelScenario("sse");
    }

    /**
     * The browser subscribes to a channel with history through the proxy; a publisher on the gateway itself
     * publishes before, during and after a cut. The client subscribes again from its last position on its own.
     */
    private void channelScenario(String transport) throws Exception {
        ChannelClient.awaitFeedLive(base);
        String channel = "chat:browser-" + transport + "-" + UUID.randomUUID();
        try (CuttableProxy network = new CuttableProxy(base.getPort());
                ChannelClient publisher = ChannelClient.connect(base);
                BrowserScenario browser = BrowserScenario.start(
                        "browser-channels.cjs", "http://127.0.0.1:" + network.port(), transport, channel)) {
            assertThat(browser.expect("SUBSCRIBED"))
                    .as("a channel with history gives a position")
                    .contains(":");
            publisher.request(ChannelClient.publish(channel, 1, false));
            publisher.request(ChannelClient.publish(channel, 2, false));
            browser.send("wait 2");
            browser.expect("HAVE");

            network.cutAll();
            // Fewer than the namespace's history-size (5) while it is away: all of them can be recovered.
            for (int n = 3; n <= 5; n++) {
                publisher.request(ChannelClient.publish(channel, n, false));
            }
            browser.send("wait 5");
            browser.expect("HAVE");
            publisher.request(ChannelClient.publish(channel, 6, false));
            browser.send("wait 6");
            browser.expect("HAVE");

            browser.send("result");
            JsonNode result = JSON.readTree(browser.expect("RESULT"));
            List<Integer> received = StreamSupport.stream(
                            result.get("publications").spliterator(), false)
                    .map(data -> data.get("n").asInt())
                    .toList();
            assertThat(received).as("every publication once, in order").containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(network.accepted()).as("the browser reconnected").isGreaterThanOrEqualTo(2);
            assertThat(result.get("resets")).as("nothing was lost").isEmpty();
        }
    }

    private void framesScenario(String transport) throws Exception {
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic syncs = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.SYNC);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
                BrowserScenario browser =
                        BrowserScenario.start("browser-frames.cjs", "http://127.0.0.1:" + base.getPort(), transport)) {
            String[] client = browser.expect("CLIENT").split(" ");
            String clientId = client[0];
            String user = AnonymousTokens.userOf(client[1]).orElseThrow();
            URI source = ServiceSources.of("test", "t");
            deliveries.send(SwitchboardEvents.notification(
                    source,
                    user,
                    "echo",
                    "{\"title\":\"shipped\",\"options\":{\"tag\":\"order-42\",\"data\":{\"orderId\":42}}}"
                            .getBytes(StandardCharsets.UTF_8)));
            deliveries.send(SwitchboardEvents.lifecycleDelivery(
                    source,
                    EventTypes.WORKER_STATECHANGE,
                    clientId,
                    ("{\"registrationId\":\"r-1\",\"scope\":\"https://shop.example/\",\"version\":\"v1\","
                                    + "\"state\":\"activated\"}")
                            .getBytes(StandardCharsets.UTF_8)));
            browser.send("frames");
            JsonNode frames = JSON.readTree(browser.expect("FRAMES"));
            assertThat(frames.at("/notification/title").asText()).isEqualTo("shipped");
            assertThat(frames.at("/lifecycle/type").asText()).isEqualTo("statechange");
            assertThat(frames.at("/lifecycle/state").asText()).isEqualTo("activated");

            browser.send("send");
            JsonNode sent = JSON.readTree(browser.expect("SENT"));
            CloudEvent click = events.await(
                            r -> r.value().getId().equals(sent.get("click").asText()), WAIT)
                    .value();
            assertThat(click.getType()).isEqualTo(EventTypes.NOTIFICATION_CLICK);
            JsonNode clicked = JSON.readTree(SwitchboardEvents.data(click));
            assertThat(clicked.get("tag").asText()).isEqualTo("order-42");
            assertThat(clicked.get("action").asText()).isEqualTo("open");
            assertThat(clicked.at("/data/orderId").asInt()).isEqualTo(42);
            CloudEvent sync = syncs.await(
                            r -> r.value().getId().equals(sent.get("sync").asText()), WAIT)
                    .value();
            assertThat(SwitchboardEvents.extension(sync, EventExtensions.SYNC_TAG))
                    .hasValue("outbox");
            assertThat(sent.at("/refused/code").asText())
                    .as("a tag past the limit, over either transport")
                    .isEqualTo("bad-frame");
            assertThat(sent.at("/refused/message").asText()).contains("1 to 128 characters");
            assertThat(sent.at("/refused/retryable").asBoolean()).isFalse();
        }
    }

    private void binaryScenario(String transport) throws Exception {
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
                BrowserScenario browser =
                        BrowserScenario.start("browser-binary.cjs", "http://127.0.0.1:" + base.getPort(), transport)) {
            String clientId = browser.expect("CLIENT");
            String eventId = browser.expect("ACKED");
            CloudEvent posted =
                    events.await(r -> r.value().getId().equals(eventId), WAIT).value();
            assertThat(posted.getDataContentType()).isEqualTo(SwitchboardEvents.BINARY);
            assertThat(SwitchboardEvents.data(posted)).containsExactly(0, 1, 2, 255);

            deliveries.send(SwitchboardEvents.clientDelivery(
                    ServiceSources.of("test", "t"), clientId, eventId, SwitchboardEvents.BINARY, new byte[] {
                        9, 8, 7, (byte) 255, 0
                    }));
            browser.send("wait 1");
            browser.expect("HAVE");
            browser.send("result");
            JsonNode result = JSON.readTree(browser.expect("RESULT"));
            assertThat(result.get("uint8").asBoolean())
                    .as("bytes arrive as a Uint8Array")
                    .isTrue();
            assertThat(result.get("bytes").toString()).isEqualTo("[9,8,7,255,0]");
        }
    }

    private void scenario(String mode) throws Exception {
        try (CuttableProxy network = new CuttableProxy(base.getPort());
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES);
                BrowserScenario browser =
                        BrowserScenario.start("browser-resume.cjs", "http://127.0.0.1:" + network.port(), mode)) {
            String clientId = browser.expect("CLIENT");

            deliver(deliveries, clientId, 1, 10);
            browser.send("wait 10");
            browser.expect("HAVE");

            network.cutAll();
            deliver(deliveries, clientId, 11, 20);
            browser.send("wait 20");
            browser.expect("HAVE");

            browser.send("result");
            JsonNode result = JSON.readTree(browser.expect("RESULT"));
            List<Integer> received = StreamSupport.stream(result.get("received").spliterator(), false)
                    .map(data -> data.get("n").asInt())
                    .toList();
            LOG.infof("%s: %d connections through the proxy, received %s", mode, network.accepted(), received);
            assertThat(received)
                    .as("every message once, in order")
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, 20).boxed().toList());
            assertThat(network.accepted()).as("the browser reconnected").isGreaterThanOrEqualTo(2);
            assertThat(result.get("clients")
                            .get(result.get("clients").size() - 1)
                            .asText())
                    .as("it resumed as the same client")
                    .isEqualTo(clientId);
            assertThat(result.get("resets")).as("nothing was lost").isEmpty();
            if (mode.startsWith("client")) {
                assertThat(result.get("cookie").asText())
                        .as("the client names itself for fetch interception")
                        .contains("switchboard_client=" + clientId);
            }
        }
    }

    private static void deliver(TestTopic deliveries, String clientId, int from, int to) {
        deliveries.sendAll(IntStream.rangeClosed(from, to)
                .mapToObj(n -> SwitchboardEvents.clientDelivery(
                        ServiceSources.of("test", "t"),
                        clientId,
                        null,
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)))
                .toList());
    }
}
