package dev.switchboard.worker.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.InstanceRecord;
import dev.switchboard.contract.hazelcast.InstanceUpdate;
import dev.switchboard.testsupport.SecuredServiceResource;
import dev.switchboard.testsupport.ServiceJars;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.testsupport.clients.Readiness;
import dev.switchboard.testsupport.clients.TestTopic;
import dev.switchboard.worker.api.DedicatedWorker;
import dev.switchboard.worker.api.SharedWorker;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.LoadedVersions;
import dev.switchboard.worker.engine.DeadLetter;
import dev.switchboard.worker.engine.EventSink;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.engine.IncomingEvent;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.engine.PartitionLostException;
import dev.switchboard.worker.runtime.WorkerRuntime;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Dedicated and shared workers inside worker-service, on a real broker and real Hazelcast members: the test plays
 * the gateway on the workers and deliveries topics; the workers are bundles published at test time.
 */
@QuarkusTest
@TestProfile(WorkerInstancesTest.SmallPool.class)
@WithTestResource(SecuredServiceResource.class)
class WorkerInstancesTest {

    /** Two task threads and a short deadline, so that queueing and overruns show quickly. */
    public static class SmallPool implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "switchboard.worker.instances.threads", "2",
                    "switchboard.worker.instances.task-deadline", "2s",
                    "switchboard.worker.instances.sweep-interval", "500ms",
                    "switchboard.worker.engine.abandon-grace", "500ms");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final URI GATEWAY = ServiceSources.of("gateway", "instances-test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    WorkerRuntime runtime;

    @Inject
    WorkerInstances instances;

    @Inject
    HazelcastInstance hazelcast;

    @Inject
    @Named("instances")
    HandlerPool pool;

    private TestTopic requests;
    private TestTopic deliveries;
    private String counterUrl;
    private String roomUrl;

    @BeforeEach
    void publishWorkers() {
        Readiness.await(base, WAIT);
        String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        requests = new TestTopic(bootstrap, Topics.WORKERS);
        deliveries = new TestTopic(bootstrap, Topics.DELIVERIES);
        counterUrl = "https://app.test/counter-" + UUID.randomUUID() + ".js";
        roomUrl = "https://app.test/room-" + UUID.randomUUID() + ".js";
        runtime.bundles().publish(counterUrl, ServiceJars.of(DedicatedWorker.class, CounterWorker.class, Map.of()));
        runtime.bundles().publish(roomUrl, ServiceJars.of(SharedWorker.class, RoomWorker.class, Map.of()));
    }

    @AfterEach
    void closeTopics() {
        requests.close();
        deliveries.close();
    }

    @Test
    void aDedicatedWorkerKeepsItsCountAcrossAThousandMessagesInOrder() {
        String client = client();
        requests.send(start(client, "w", WorkerMessages.Kind.DEDICATED, counterUrl));
        List<CloudEvent> posts = IntStream.range(0, 1_000)
                .mapToObj(seq -> post(client, "w", Map.of("seq", seq)))
                .toList();
        requests.sendAll(posts);

        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> r.key().equals(client), 1_001, Duration.ofMinutes(2));
        assertThat(received.get(0).value().getType()).isEqualTo(EventTypes.WORKER_STARTED);
        List<JsonNode> messages =
                received.stream().skip(1).map(r -> data(r.value())).toList();
        for (int seq = 0; seq < 1_000; seq++) {
            assertThat(messages.get(seq).path("handle").asText()).isEqualTo("w");
            assertThat(messages.get(seq).path("data").path("seq").asInt()).isEqualTo(seq);
            assertThat(messages.get(seq).path("data").path("count").asLong()).isEqualTo(seq + 1L);
        }
        String instance = WorkerMessages.dedicatedId(client, "w");
        await().atMost(WAIT)
                .until(() -> hazelcast.getMap(HazelcastNames.WORKER_INSTANCES).containsKey(instance));
    }

    @Test
    void terminateEndsTheWorkerFreesItsSlotAndLaterPostsAreRefused() {
        String client = client();
        int before = instances.liveCount();
        requests.send(start(client, "t", WorkerMessages.Kind.DEDICATED, counterUrl));
        requests.send(post(client, "t", Map.of("seq", 1)));
        deliveries.awaitAll(r -> r.key().equals(client), 2, WAIT);
        assertThat(instances.liveCount()).isEqualTo(before + 1);

        requests.send(stop(client, "t"));
        ConsumerRecord<String, CloudEvent> closed =
                deliveries.awaitAll(r -> r.key().equals(client), 1, WAIT).get(0);
        assertThat(closed.value().getType()).isEqualTo(EventTypes.WORKER_CLOSED);
        assertThat(data(closed.value()).path("reason").asText()).isEqualTo("terminated");
        assertThat(instances.liveCount()).isEqualTo(before);
        assertThat(hazelcast
                        .getMap(HazelcastNames.WORKER_INSTANCES)
                        .containsKey(WorkerMessages.dedicatedId(client, "t")))
                .isFalse();

        requests.send(post(client, "t", Map.of("seq", 2)));
        List<ConsumerRecord<String, CloudEvent>> refused =
                deliveries.awaitAll(r -> r.key().equals(client), 2, WAIT);
        assertThat(refused.stream().map(r -> r.value().getType()))
                .containsExactly(EventTypes.WORKER_ERROR, EventTypes.WORKER_CLOSED);
        assertThat(data(refused.get(0).value()).path("code").asText()).isEqualTo("unknown-worker");
    }

    @Test
    void aThrowingTaskSendsItsErrorAndTheWorkerGoesOnWithoutItsChanges() {
        String client = client();
        requests.send(start(client, "e", WorkerMessages.Kind.DEDICATED, counterUrl));
        requests.sendAll(List.of(
                post(client, "e", Map.of("seq", 1)),
                post(client, "e", Map.of("throw", true)),
                post(client, "e", Map.of("seq", 2))));

        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> r.key().equals(client), 4, WAIT);
        assertThat(received.stream().map(r -> r.value().getType()))
                .containsExactly(
                        EventTypes.WORKER_STARTED,
                        EventTypes.WORKER_MESSAGE,
                        EventTypes.WORKER_ERROR,
                        EventTypes.WORKER_MESSAGE);
        JsonNode error = data(received.get(2).value());
        assertThat(error.path("code").asText()).isEqualTo("failed");
        assertThat(error.path("message").asText()).contains("asked to throw");
        // The field counted the failed task too; the committed state did not, and the reply is from the field.
        assertThat(data(received.get(3).value()).path("data").path("count").asLong())
                .isEqualTo(3);
    }

    @Test
    void aTaskPastItsDeadlineEndsItsWorkerAndOtherWorkersGoOn() {
        String spinner = client();
        String other = client();
        requests.send(start(spinner, "s", WorkerMessages.Kind.DEDICATED, counterUrl));
        requests.send(post(spinner, "s", Map.of("spin", true)));
        requests.send(start(other, "o", WorkerMessages.Kind.DEDICATED, counterUrl));
        requests.send(post(other, "o", Map.of("seq", 1)));

        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> r.key().equals(spinner) || r.key().equals(other), 5, WAIT);
        assertThat(received.stream().filter(r -> r.key().equals(other)).map(r -> r.value()
                        .getType()))
                .containsExactly(EventTypes.WORKER_STARTED, EventTypes.WORKER_MESSAGE);
        List<ConsumerRecord<String, CloudEvent>> spun =
                received.stream().filter(r -> r.key().equals(spinner)).toList();
        assertThat(spun.stream().map(r -> r.value().getType()))
                .containsExactly(EventTypes.WORKER_STARTED, EventTypes.WORKER_ERROR, EventTypes.WORKER_CLOSED);
        assertThat(data(spun.get(1).value()).path("code").asText()).isEqualTo("deadline");
        assertThat(data(spun.get(2).value()).path("reason").asText()).isEqualTo("deadline");
        assertThat(hazelcast
                        .getMap(HazelcastNames.WORKER_INSTANCES)
                        .containsKey(WorkerMessages.dedicatedId(spinner, "s")))
                .isFalse();
    }

    @Test
    void tenTimesThePoolsWorkersQueueAndEveryTaskCompletes() {
        List<String> clients = IntStream.range(0, 20).mapToObj(i -> client()).toList();
        List<CloudEvent> sent = new ArrayList<>();
        clients.forEach(client -> sent.add(start(client, "p", WorkerMessages.Kind.DEDICATED, counterUrl)));
        for (int seq = 0; seq < 5; seq++) {
            for (String client : clients) {
                sent.add(post(client, "p", Map.of("seq", seq, "sleep", 20)));
            }
        }
        requests.sendAll(sent);

        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> clients.contains(r.key()), clients.size() * 6, Duration.ofMinutes(2));
        Map<String, List<Long>> counts = new HashMap<>();
        received.stream().filter(r -> is(r, EventTypes.WORKER_MESSAGE)).forEach(r -> counts.computeIfAbsent(
                        r.key(), k -> new ArrayList<>())
                .add(data(r.value()).path("data").path("count").asLong()));
        clients.forEach(client -> assertThat(counts.get(client)).containsExactly(1L, 2L, 3L, 4L, 5L));
        assertThat(pool.healthy()).isTrue();
    }

    @Test
    void aSharedWorkerIsOneInstanceForThreeClientsAndEndsAfterTheLastPortCloses() {
        String user = "user-" + UUID.randomUUID();
        List<String> clients = List.of(client(), client(), client());
        String instance = WorkerMessages.sharedId(roomUrl, "room", WorkerMessages.Sharing.USER, user);
        clients.forEach(client -> requests.send(shared(client, user, "r")));
        requests.send(post(clients.get(0), user, instance, "r", Map.of("hello", 1)));
        requests.send(post(clients.get(2), user, instance, "r", Map.of("hello", 2)));

        // Each client: started, its own "connected", then both counts, which every port gets.
        List<ConsumerRecord<String, CloudEvent>> received =
                deliveries.awaitAll(r -> clients.contains(r.key()), 12, WAIT);
        for (int i = 0; i < clients.size(); i++) {
            String client = clients.get(i);
            List<ConsumerRecord<String, CloudEvent>> own =
                    received.stream().filter(r -> r.key().equals(client)).toList();
            assertThat(own.stream().map(r -> r.value().getType()))
                    .as(
                            "deliveries to client %d: %s",
                            i, own.stream().map(r -> data(r.value())).toList())
                    .containsExactly(
                            EventTypes.WORKER_STARTED,
                            EventTypes.WORKER_MESSAGE,
                            EventTypes.WORKER_MESSAGE,
                            EventTypes.WORKER_MESSAGE);
            assertThat(data(own.get(1).value()).path("data").path("connected").asInt())
                    .isEqualTo(i + 1);
            assertThat(data(own.get(2).value()).path("data").path("count").asLong())
                    .isEqualTo(1);
            assertThat(data(own.get(3).value()).path("data").path("count").asLong())
                    .isEqualTo(2);
            assertThat(data(own.get(3).value()).path("data").path("from").asText())
                    .isEqualTo(clients.get(2));
            assertThat(data(own.get(3).value()).path("data").path("ports").asInt())
                    .isEqualTo(3);
        }

        clients.forEach(client -> requests.send(stop(client, user, instance, "r")));
        List<ConsumerRecord<String, CloudEvent>> closed = deliveries.awaitAll(r -> clients.contains(r.key()), 3, WAIT);
        assertThat(closed).allSatisfy(r -> assertThat(r.value().getType()).isEqualTo(EventTypes.WORKER_CLOSED));
        await().atMost(WAIT)
                .until(() -> !hazelcast.getMap(HazelcastNames.WORKER_INSTANCES).containsKey(instance));
    }

    @Test
    void thePortOfAClientThatIsGoneForGoodCloses() {
        String user = "user-" + UUID.randomUUID();
        String staying = client();
        String leaving = client();
        String instance = WorkerMessages.sharedId(roomUrl, "room", WorkerMessages.Sharing.USER, user);
        requests.send(shared(staying, user, "r"));
        requests.send(shared(leaving, user, "r"));
        deliveries.awaitAll(r -> r.key().equals(staying) || r.key().equals(leaving), 4, WAIT);

        // Its resume window ends: the gateway's owner entry expires.
        hazelcast.getMap(HazelcastNames.CLIENT_OWNERS).delete(leaving);
        ConsumerRecord<String, CloudEvent> closed =
                deliveries.awaitAll(r -> r.key().equals(leaving), 1, WAIT).get(0);
        assertThat(closed.value().getType()).isEqualTo(EventTypes.WORKER_CLOSED);

        requests.send(post(staying, user, instance, "r", Map.of("hello", 1)));
        ConsumerRecord<String, CloudEvent> count =
                deliveries.awaitAll(r -> r.key().equals(staying), 1, WAIT).get(0);
        assertThat(data(count.value()).path("data").path("ports").asInt()).isEqualTo(1);
    }

    /**
     * The instance's partition moves to a node B (played here by a second {@link WorkerInstances} over the same
     * cluster, handed the records as its consumer would be, with the next generation): B goes on from the committed
     * state, a request it gets again is not run twice (what it sent is sent again under the same ids), and the old
     * owner, still running the instance, can no longer commit anything.
     */
    @Test
    void aNodeTakingAnInstanceOverGoesOnFromItsStateAndTheOldOwnerIsFenced() throws Exception {
        String user = "user-" + UUID.randomUUID();
        String client = client();
        String instance = WorkerMessages.sharedId(roomUrl, "room", WorkerMessages.Sharing.USER, user);
        requests.send(shared(client, user, "r"));
        requests.send(post(client, user, instance, "r", Map.of("hello", 1)));
        requests.send(post(client, user, instance, "r", Map.of("hello", 2)));
        deliveries.awaitAll(r -> r.key().equals(client), 4, WAIT);
        IMap<String, InstanceRecord> records = hazelcast.getMap(HazelcastNames.WORKER_INSTANCES);
        InstanceRecord committed = records.get(instance);
        int partition = Utils.toPositive(Utils.murmur2(instance.getBytes(StandardCharsets.UTF_8))) % 12;

        PartitionTokens tokensOfB = new PartitionTokens();
        tokensOfB.assigned(List.of(partition), committed.token() + 1);
        try (HandlerPool poolOfB =
                        new HandlerPool("node-b", 1, 16, Duration.ofMillis(500), 8, new SimpleMeterRegistry());
                WorkerInstances nodeB = new WorkerInstances(
                        hazelcast,
                        new InstanceSettings(
                                "node-b",
                                100,
                                100,
                                1 << 20,
                                Duration.ofMinutes(5),
                                Duration.ofHours(1),
                                Duration.ofSeconds(5),
                                65_536),
                        runtime.bundles(),
                        new LoadedVersions(runtime.bundles(), new BuiltinWorkers(), 4),
                        tokensOfB,
                        poolOfB,
                        nothingSent(),
                        JSON,
                        new SimpleMeterRegistry())) {
            CloudEvent third = post(client, user, instance, "r", Map.of("hello", 3));
            Outcome taken = nodeB.handle(at(third, partition, committed.appliedOffset() + 1), 1, Context.root())
                    .toCompletableFuture()
                    .get();
            assertThat(taken.failure()).isEmpty();
            assertThat(taken.outgoing()).singleElement().satisfies(sent -> assertThat(
                            data(sent).path("data").path("count").asLong())
                    .as("the count goes on from the committed state")
                    .isEqualTo(3));
            assertThat(records.get(instance).owner()).isEqualTo("node-b");

            Outcome again = nodeB.handle(at(third, partition, committed.appliedOffset() + 1), 1, Context.root())
                    .toCompletableFuture()
                    .get();
            assertThat(again.outgoing().stream().map(CloudEvent::getId))
                    .as("a request handled again is sent again under the same ids, not run twice")
                    .containsExactlyElementsOf(
                            taken.outgoing().stream().map(CloudEvent::getId).toList());
            assertThat(records.get(instance).state()).contains("3");

            Outcome stale = instances
                    .handle(
                            at(
                                    post(client, user, instance, "r", Map.of("hello", 4)),
                                    partition,
                                    committed.appliedOffset() + 2),
                            1,
                            Context.root())
                    .toCompletableFuture()
                    .get();
            assertThat(stale.failure()).containsInstanceOf(PartitionLostException.class);
            assertThat(stale.outgoing()).isEmpty();
            assertThat(records.get(instance).state()).contains("3");
        }
    }

    /** A record of the workers topic at {@code partition} and {@code offset}, as the consumer hands it over. */
    private static IncomingEvent at(CloudEvent event, int partition, long offset) {
        return new IncomingEvent() {
            @Override
            public String key() {
                return SwitchboardEvents.key(event);
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public CloudEvent event() {
                return event;
            }

            @Override
            public Context trace() {
                return Context.root();
            }

            @Override
            public String origin() {
                return Topics.WORKERS + "/" + partition + "/" + offset;
            }
        };
    }

    /** Node B's sink: its sweep would write here; nothing in this test does. */
    private static EventSink nothingSent() {
        return new EventSink() {
            @Override
            public CompletionStage<Void> publish(List<CloudEvent> events, Context trace) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<Void> deadLetter(IncomingEvent event, DeadLetter letter) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void onlyTheNewestTokenWritesAnInstanceRecord() {
        IMap<String, InstanceRecord> records = hazelcast.getMap(HazelcastNames.WORKER_INSTANCES);
        String id = "fencing-" + UUID.randomUUID();
        InstanceRecord created =
                new InstanceRecord(id, "SHARED", roomUrl, "d", "room", "node-a", 5, "{}", "{}", 0, "[]");
        long ttl = Duration.ofMinutes(1).toMillis();
        assertThat(records.executeOnKey(id, InstanceUpdate.commit("node-a", 5, created, ttl)))
                .isEqualTo(true);

        // An older generation cannot take it; the same token from another node neither.
        assertThat(((InstanceRecord) records.executeOnKey(id, InstanceUpdate.claim("node-b", 4, ttl))).owner())
                .isEqualTo("node-a");
        assertThat(((InstanceRecord) records.executeOnKey(id, InstanceUpdate.claim("node-b", 5, ttl))).owner())
                .isEqualTo("node-a");
        InstanceRecord taken = (InstanceRecord) records.executeOnKey(id, InstanceUpdate.claim("node-b", 6, ttl));
        assertThat(taken.owner()).isEqualTo("node-b");
        assertThat(taken.token()).isEqualTo(6);

        // The old owner's commit is refused from now on: whatever it ran is not kept and nothing it sent leaves.
        assertThat(records.executeOnKey(
                        id, InstanceUpdate.commit("node-a", 5, created.applied("{}", "{}", 1, "[]"), ttl)))
                .isEqualTo(false);
        assertThat(records.executeOnKey(
                        id, InstanceUpdate.commit("node-b", 6, taken.applied("{}", "{}", 1, "[]"), ttl)))
                .isEqualTo(true);
        assertThat(records.get(id).appliedOffset()).isEqualTo(1);
        assertThat(records.executeOnKey(id, InstanceUpdate.commit("node-b", 6, null, ttl)))
                .isEqualTo(true);
        assertThat(records.containsKey(id)).isFalse();
    }

    @Test
    void aStartOfAnUnpublishedScriptIsRefused() {
        String client = client();
        requests.send(start(client, "x", WorkerMessages.Kind.DEDICATED, "https://app.test/nothing-here.js"));
        List<ConsumerRecord<String, CloudEvent>> answer =
                deliveries.awaitAll(r -> r.key().equals(client), 2, WAIT);
        assertThat(answer.stream().map(r -> r.value().getType()))
                .containsExactly(EventTypes.WORKER_ERROR, EventTypes.WORKER_CLOSED);
        assertThat(data(answer.get(0).value()).path("code").asText()).isEqualTo("not-found");
    }

    /** A connected client, as the gateway records it: its owner entry lasts while it may still resume. */
    private String client() {
        String client = "client-" + UUID.randomUUID();
        hazelcast.getMap(HazelcastNames.CLIENT_OWNERS).set(client, "alice");
        return client;
    }

    private static CloudEvent start(String client, String handle, WorkerMessages.Kind kind, String url) {
        return WorkerMessages.request(
                GATEWAY,
                EventTypes.WORKER_START,
                WorkerMessages.dedicatedId(client, handle),
                client,
                "alice",
                new WorkerMessages.Start(handle, url, kind, "", WorkerMessages.Sharing.USER));
    }

    private CloudEvent shared(String client, String user, String handle) {
        return WorkerMessages.request(
                GATEWAY,
                EventTypes.WORKER_START,
                WorkerMessages.sharedId(roomUrl, "room", WorkerMessages.Sharing.USER, user),
                client,
                user,
                new WorkerMessages.Start(
                        handle, roomUrl, WorkerMessages.Kind.SHARED, "room", WorkerMessages.Sharing.USER));
    }

    private static CloudEvent post(String client, String handle, Map<String, Object> data) {
        return post(client, "alice", WorkerMessages.dedicatedId(client, handle), handle, data);
    }

    private static CloudEvent post(
            String client, String user, String instance, String handle, Map<String, Object> data) {
        return WorkerMessages.request(
                GATEWAY,
                EventTypes.WORKER_POST,
                instance,
                client,
                user,
                new WorkerMessages.Post(handle, JSON.valueToTree(data)));
    }

    private static CloudEvent stop(String client, String handle) {
        return stop(client, "alice", WorkerMessages.dedicatedId(client, handle), handle);
    }

    private static CloudEvent stop(String client, String user, String instance, String handle) {
        return WorkerMessages.request(
                GATEWAY, EventTypes.WORKER_STOP, instance, client, user, new WorkerMessages.Stop(handle));
    }

    private static boolean is(ConsumerRecord<String, CloudEvent> record, String type) {
        return record.value().getType().equals(type);
    }

    private static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
