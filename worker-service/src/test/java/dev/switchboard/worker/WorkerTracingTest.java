package dev.switchboard.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The worker's hops with the OpenTelemetry SDK's in-memory exporter: the caller's trace (a traceparent
 * header on the event) is continued by the Kafka receive span, the handler span and the Kafka publish span of
 * the reply, each the child of the one before. TracingIT checks the whole chain across processes.
 */
@QuarkusTest
@TestProfile(WorkerTracingTest.InMemoryTracing.class)
@WithTestResource(SecuredServiceResource.class)
class WorkerTracingTest {

    /** Spans go to the in-memory exporter produced below instead of nowhere. */
    public static class InMemoryTracing implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.traces.exporter", "cdi", "quarkus.otel.bsp.schedule.delay", "PT0.05S");
        }
    }

    static class ExporterProducer {

        @Produces
        @Singleton
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @Inject
    InMemorySpanExporter exporter;

    @TestHTTPResource("/")
    URI base;

    @Test
    void receiveHandleAndPublishAreOneChainInTheCallersTrace() {
        Readiness.await(base, WAIT);
        URI gateway = ServiceSources.of("gateway", "test");
        CloudEvent message = SwitchboardEvents.clientMessage(
                gateway, "client-" + UUID.randomUUID(), "alice", "echo", "\"traced\"".getBytes(StandardCharsets.UTF_8));
        try (TestTopic events = new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.EVENTS);
                TestTopic deliveries =
                        new TestTopic(SharedInfrastructure.kafka().bootstrapServers(), Topics.DELIVERIES)) {
            events.send(message, Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"));
            deliveries.await(
                    r -> SwitchboardEvents.extension(r.value(), EventExtensions.IN_REPLY_TO)
                            .orElse("")
                            .equals(message.getId()),
                    WAIT);
        }

        await().atMost(WAIT).until(() -> inTrace().stream().anyMatch(s -> s.getKind() == SpanKind.PRODUCER));
        List<SpanData> spans = inTrace();
        SpanData receive = only(spans, SpanKind.CONSUMER, CALLER_SPAN);
        SpanData handler = only(spans, SpanKind.INTERNAL, receive.getSpanId());
        assertThat(handler.getName()).isEqualTo("switchboard message handler");
        SpanData publish = only(spans, SpanKind.PRODUCER, handler.getSpanId());
        assertThat(publish.getTraceId()).isEqualTo(TRACE_ID);
    }

    private List<SpanData> inTrace() {
        return exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(TRACE_ID))
                .toList();
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind, String parentSpanId) {
        List<SpanData> matching = spans.stream()
                .filter(s -> s.getKind() == kind && s.getParentSpanId().equals(parentSpanId))
                .toList();
        assertThat(matching)
                .as("one %s span child of %s in %s", kind, parentSpanId, spans)
                .hasSize(1);
        return matching.get(0);
    }
}
