package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.switchboard.local.OtlpCollector.CollectedSpan;
import dev.switchboard.testsupport.clients.TestWebSocket;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;

/**
 * One trace spans gateway -> Kafka -> worker -> Kafka -> gateway: the spans the processes export (OTLP) form
 * one parent-child chain, the W3C trace context having travelled in the Kafka record headers.
 */
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final MultiNodeFixture suite = MultiNodeFixture.get();

    @Test
    void aMessageAndItsReplyAreOneTraceAcrossBothServicesAndKafka() throws Exception {
        String eventId;
        try (TestWebSocket socket = TestWebSocket.connect(suite.ws(suite.gatewayA, "/ws"))) {
            socket.frames().next(WAIT);
            socket.send(Frames.message("trace me"));
            eventId = Frames.parse(
                            socket.frames().nextMatching(f -> Frames.type(f).equals("ack"), WAIT))
                    .get("eventId")
                    .asText();
            socket.frames().nextMatching(f -> Frames.type(f).equals("message"), WAIT);
        }

        CollectedSpan clientMessage = await(() -> suite.collector.spans().stream()
                .filter(s -> eventId.equals(s.attribute("cloudevents.event_id"))
                        && s.name().equals("switchboard client message"))
                .findFirst());
        String traceId = clientMessage.traceId();
        assertThat(clientMessage.service()).isEqualTo("gateway");
        assertThat(clientMessage.instance()).isEqualTo("gateway-a");
        assertThat(clientMessage.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);

        CollectedSpan deliver = await(() -> inTrace(traceId).stream()
                .filter(s -> s.name().equals("switchboard deliver"))
                .findFirst());

        CollectedSpan gatewayPublish = child(traceId, clientMessage, SpanKind.SPAN_KIND_PRODUCER);
        assertThat(gatewayPublish.service()).isEqualTo("gateway");
        CollectedSpan workerReceive = child(traceId, gatewayPublish, SpanKind.SPAN_KIND_CONSUMER);
        assertThat(workerReceive.service()).isEqualTo("worker-service");
        CollectedSpan handler = child(traceId, workerReceive, SpanKind.SPAN_KIND_INTERNAL);
        assertThat(handler.name()).isEqualTo("switchboard message handler");
        CollectedSpan workerPublish = child(traceId, handler, SpanKind.SPAN_KIND_PRODUCER);
        assertThat(workerPublish.service()).isEqualTo("worker-service");

        CollectedSpan deliverParent = inTrace(traceId).stream()
                .filter(s -> s.spanId().equals(deliver.parentSpanId()))
                .findFirst()
                .orElseThrow();
        assertThat(deliverParent.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
        assertThat(deliverParent.service()).isEqualTo("gateway");
        assertThat(deliverParent.instance())
                .as("the node holding the client delivers")
                .isEqualTo("gateway-a");
        assertThat(deliverParent.parentSpanId())
                .as("the gateway's receive follows the worker's publish")
                .isEqualTo(workerPublish.spanId());
        assertThat(deliver.instance()).isEqualTo("gateway-a");
    }

    @Test
    void aConnectTicketNeverReachesASpanAttributeTheQueryIsRedacted() throws Exception {
        String token;
        try (TestWebSocket first = TestWebSocket.connect(suite.ws(suite.gatewayA, "/ws"))) {
            token = Frames.parse(first.frames().next(WAIT))
                    .get("anonymousToken")
                    .asText();
        }
        HttpResponse<String> issued = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(suite.http(suite.gatewayA, "/tickets"))
                                .timeout(WAIT)
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(201);
        String ticket = Frames.parse(issued.body()).get("ticket").asText();
        String marker = "traced-" + System.nanoTime();
        try (TestWebSocket socket =
                TestWebSocket.connect(suite.ws(suite.gatewayA, "/ws?ticket=" + ticket + "&url=" + marker))) {
            assertThat(Frames.type(socket.frames().next(WAIT))).isEqualTo("welcome");
        }
        CollectedSpan upgrade = await(() -> suite.collector.spans().stream()
                .filter(s -> s.attribute("url.query") != null
                        && s.attribute("url.query").contains(marker))
                .findFirst());
        assertThat(upgrade.service()).isEqualTo("gateway");
        assertThat(upgrade.attribute("url.query")).contains("ticket=REDACTED").doesNotContain(ticket);
        assertThat(suite.collector.spans())
                .as("no attribute of any span carries the ticket or the token")
                .allSatisfy(span -> assertThat(span.attributes())
                        .noneMatch(kv -> kv.getValue().toString().contains(ticket)
                                || kv.getValue().toString().contains(token)));
    }

    private List<CollectedSpan> inTrace(String traceId) {
        return suite.collector.spans().stream()
                .filter(s -> s.traceId().equals(traceId))
                .toList();
    }

    private CollectedSpan child(String traceId, CollectedSpan parent, SpanKind kind) {
        return await(() -> inTrace(traceId).stream()
                .filter(s -> s.parentSpanId().equals(parent.spanId()) && s.kind() == kind)
                .findFirst());
    }

    private static CollectedSpan await(java.util.function.Supplier<Optional<CollectedSpan>> lookup) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<CollectedSpan> span = lookup.get();
            if (span.isPresent()) {
                return span.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("span not exported within " + WAIT);
    }
}
