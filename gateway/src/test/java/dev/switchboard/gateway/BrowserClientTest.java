package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.embedded.SharedInfrastructure;
import dev.switchboard.embedded.SharedInfrastructureResource;
import dev.switchboard.embedded.clients.Readiness;
import dev.switchboard.embedded.clients.CuttableProxy;
import dev.switchboard.embedded.clients.TestTopic;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A real browser (Debian's chromium, driven by playwright-core) loses its network in the middle of a stream
 * and resumes without loss or repeats: the browser's own EventSource through Last-Event-ID, and the gateway's
 * JavaScript client over WebSocket and over SSE. The network cut is a proxy that drops every connection. The
 * JavaScript client also sends and receives binary messages on both transports.
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

    private void binaryScenario(String transport) throws Exception {
        Path tools = Path.of(System.getProperty("switchboard.test-tools"));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            Process browser = new ProcessBuilder("node", tools.resolve("scenarios/browser-binary.cjs").toString(),
                    "http://127.0.0.1:" + base.getPort(), transport)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader answers = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                    StandardCharsets.UTF_8));
                    PrintWriter commands = new PrintWriter(browser.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String clientId = expect(answers, "CLIENT");
                String eventId = expect(answers, "ACKED");
                io.cloudevents.CloudEvent posted = events.await(r -> r.value().getId().equals(eventId), WAIT).value();
                assertThat(posted.getDataContentType()).isEqualTo(SwitchboardEvents.BINARY);
                assertThat(SwitchboardEvents.data(posted)).containsExactly(0, 1, 2, 255);

                deliveries.send(SwitchboardEvents.clientDelivery(ServiceSources.of("test", "t"), clientId, eventId,
                        SwitchboardEvents.BINARY, new byte[] {9, 8, 7, (byte) 255, 0}));
                commands.println("wait 1");
                expect(answers, "HAVE");
                commands.println("result");
                JsonNode result = JSON.readTree(expect(answers, "RESULT"));
                assertThat(result.get("uint8").asBoolean()).as("bytes arrive as a Uint8Array").isTrue();
                assertThat(result.get("bytes").toString()).isEqualTo("[9,8,7,255,0]");
            } finally {
                browser.destroyForcibly();
            }
        }
    }

    private void scenario(String mode) throws Exception {
        Path tools = Path.of(System.getProperty("switchboard.test-tools"));
        try (CuttableProxy network = new CuttableProxy(base.getPort());
                TestTopic deliveries = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            Process browser = new ProcessBuilder("node", tools.resolve("scenarios/browser-resume.cjs").toString(),
                    "http://127.0.0.1:" + network.port(), mode)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader answers = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                    StandardCharsets.UTF_8));
                    PrintWriter commands = new PrintWriter(browser.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String clientId = expect(answers, "CLIENT");

                deliver(deliveries, clientId, 1, 10);
                commands.println("wait 10");
                expect(answers, "HAVE");

                network.cutAll();
                deliver(deliveries, clientId, 11, 20);
                commands.println("wait 20");
                expect(answers, "HAVE");

                commands.println("result");
                JsonNode result = JSON.readTree(expect(answers, "RESULT"));
                List<Integer> received = java.util.stream.StreamSupport.stream(result.get("received").spliterator(), false)
                        .map(data -> data.get("n").asInt()).toList();
                LOG.infof("%s: %d connections through the proxy, received %s", mode, network.accepted(), received);
                assertThat(received).as("every message once, in order")
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
                assertThat(network.accepted()).as("the browser reconnected").isGreaterThanOrEqualTo(2);
                assertThat(result.get("clients").get(result.get("clients").size() - 1).asText())
                        .as("it resumed as the same client").isEqualTo(clientId);
                assertThat(result.get("resets")).as("nothing was lost").isEmpty();
                if (mode.startsWith("client")) {
                    assertThat(result.get("cookie").asText()).as("the client names itself for fetch interception")
                            .contains("switchboard_client=" + clientId);
                }
            } finally {
                browser.destroyForcibly();
            }
        }
    }

    private static void deliver(TestTopic deliveries, String clientId, int from, int to) {
        deliveries.sendAll(IntStream.rangeClosed(from, to)
                .mapToObj(n -> SwitchboardEvents.clientDelivery(ServiceSources.of("test", "t"), clientId, null,
                        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)))
                .toList());
    }

    /** The rest of the next line that starts with {@code word}; fails on FAILED or end of output. */
    private static String expect(BufferedReader answers, String word) throws Exception {
        String line;
        while ((line = answers.readLine()) != null) {
            if (line.startsWith(word + " ")) {
                return line.substring(word.length() + 1);
            }
            assertThat(line).as("browser scenario").doesNotStartWith("FAILED");
        }
        throw new AssertionError("the browser scenario ended before " + word);
    }
}
