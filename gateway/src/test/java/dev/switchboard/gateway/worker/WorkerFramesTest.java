package dev.switchboard.gateway.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.SharedInfrastructureResource;
import dev.switchboard.testsupport.clients.ChannelClient;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The gateway's side of dedicated and shared workers: a client's worker frames become requests of the instance on
 * the workers topic, for the instance its own id or user names (never one the frame names), and the instances'
 * deliveries become worker frames in the client's stream. This test answers as worker-service does (WorkerMessages is
 * the contract both sides use).
 */
@QuarkusTest
@WithTestResource(SharedInfrastructureResource.class)
class WorkerFramesTest {

    private static final Duration WAIT = ChannelClient.WAIT;
    private static final URI WORKER = ServiceSources.of("worker-service", "test-worker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://app.test/counter.js";

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void ready() throws Exception {
        Readiness.await(base, WAIT);
    }

    @Test
    void aClientsFramesBecomeRequestsOfItsOwnInstancesAndTheirDeliveriesComeBackAsWorkerFrames() throws Exception {
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        try (TestTopic requests = new TestTopic(bootstrap, Topics.WORKERS);
                TestTopic deliveries = new TestTopic(bootstrap, Topics.DELIVERIES);
                ChannelClient alice = ChannelClient.connect(base)) {
            JsonNode ack = alice.request(
                    "{\"type\":\"worker-start\",\"worker\":\"w\",\"url\":\"" + URL + "\",\"ref\":\"r1\"}");
            assertThat(ack.path("type").asText()).as(ack.toString()).isEqualTo("ack");
            String dedicated = WorkerMessages.dedicatedId(alice.clientId(), "w");
            CloudEvent start = awaitRequest(requests, dedicated, EventTypes.WORKER_START);
            assertThat(SwitchboardEvents.clientId(start)).isEqualTo(alice.clientId());
            assertThat(SwitchboardEvents.userId(start)).isEqualTo(alice.userId());
            WorkerMessages.Start asked = WorkerMessages.read(start, WorkerMessages.Start.class);
            assertThat(asked.url()).isEqualTo(URL);
            assertThat(asked.kind()).isEqualTo(WorkerMessages.Kind.DEDICATED);

            alice.request("{\"type\":\"worker-post\",\"worker\":\"w\",\"data\":{\"n\":7},\"ref\":\"r2\"}");
            CloudEvent post = awaitRequest(requests, dedicated, EventTypes.WORKER_POST);
            assertThat(WorkerMessages.read(post, WorkerMessages.Post.class)
                            .data()
                            .path("n")
                            .asInt())
                    .isEqualTo(7);

            // The instance answers: started, then a message, in the client's stream.
            deliveries.send(WorkerMessages.delivery(
                    WORKER, EventTypes.WORKER_STARTED, alice.clientId(), new WorkerMessages.Started("w")));
            deliveries.send(WorkerMessages.delivery(
                    WORKER,
                    EventTypes.WORKER_MESSAGE,
                    alice.clientId(),
                    new WorkerMessages.Message("w", JSON.readTree("{\"count\":1}"))));
            JsonNode started = alice.next(frame -> frame.contains("\"worker-started\""));
            assertThat(started.path("worker").asText()).isEqualTo("w");
            assertThat(started.has("id"))
                    .as("in the client's stream: %s", started)
                    .isTrue();
            JsonNode message = alice.next(frame -> frame.contains("\"worker-message\""));
            assertThat(message.path("worker").asText()).isEqualTo("w");
            assertThat(message.path("data").path("count").asInt()).isEqualTo(1);

            alice.request("{\"type\":\"worker-terminate\",\"worker\":\"w\",\"ref\":\"r3\"}");
            awaitRequest(requests, dedicated, EventTypes.WORKER_STOP);
            JsonNode gone = alice.request("{\"type\":\"worker-post\",\"worker\":\"w\",\"data\":1,\"ref\":\"r4\"}");
            assertThat(gone.path("code").asText()).isEqualTo("unknown-worker");
        }
    }

    @Test
    void aSharedWorkerIsTheUsersOwnWhateverTheFrameSays() throws Exception {
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        try (TestTopic requests = new TestTopic(bootstrap, Topics.WORKERS);
                ChannelClient alice = ChannelClient.connect(base)) {
            alice.request("{\"type\":\"worker-start\",\"worker\":\"room\",\"url\":\"" + URL
                    + "\",\"kind\":\"shared\",\"name\":\"lobby\",\"ref\":\"r1\"}");
            String instance = WorkerMessages.sharedId(URL, "lobby", WorkerMessages.Sharing.USER, alice.userId());
            CloudEvent start = awaitRequest(requests, instance, EventTypes.WORKER_START);
            assertThat(WorkerMessages.read(start, WorkerMessages.Start.class).sharing())
                    .isEqualTo(WorkerMessages.Sharing.USER);
            alice.request("{\"type\":\"worker-close\",\"worker\":\"room\",\"ref\":\"r2\"}");
            awaitRequest(requests, instance, EventTypes.WORKER_STOP);
        }
    }

    @Test
    void badWorkerFramesAndTooManyWorkersAreRefused() throws Exception {
        try (ChannelClient alice = ChannelClient.connect(base)) {
            assertThat(alice.request("{\"type\":\"worker-start\",\"worker\":\"w\",\"ref\":\"a\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("bad-frame");
            assertThat(alice.request("{\"type\":\"worker-start\",\"worker\":\"" + "x".repeat(65) + "\",\"url\":\"" + URL
                                    + "\",\"ref\":\"b\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("bad-frame");
            assertThat(alice.request("{\"type\":\"worker-start\",\"worker\":\"w\",\"url\":\"" + URL
                                    + "\",\"kind\":\"service\",\"ref\":\"c\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("bad-frame");
            assertThat(alice.request("{\"type\":\"worker-post\",\"worker\":\"w\",\"ref\":\"d\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("bad-frame");
            assertThat(alice.request("{\"type\":\"worker-post\",\"worker\":\"never\",\"data\":1,\"ref\":\"e\"}")
                            .path("code")
                            .asText())
                    .isEqualTo("unknown-worker");
            for (int i = 0; i < 16; i++) {
                assertThat(alice.request("{\"type\":\"worker-start\",\"worker\":\"w" + i + "\",\"url\":\"" + URL
                                        + "\",\"ref\":\"s" + i + "\"}")
                                .path("type")
                                .asText())
                        .isEqualTo("ack");
            }
            JsonNode refused = alice.request(
                    "{\"type\":\"worker-start\",\"worker\":\"w16\",\"url\":\"" + URL + "\",\"ref\":\"s16\"}");
            assertThat(refused.path("code").asText()).isEqualTo("too-many-workers");
        }
    }

    private static CloudEvent awaitRequest(TestTopic requests, String instance, String type) {
        ConsumerRecord<String, CloudEvent> record = requests.await(
                candidate -> instance.equals(candidate.key())
                        && type.equals(candidate.value().getType()),
                WAIT);
        return record.value();
    }
}
