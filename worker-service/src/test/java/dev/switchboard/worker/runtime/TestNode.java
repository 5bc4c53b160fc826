package dev.switchboard.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.cache.api.CacheLimits;
import dev.switchboard.contract.channel.ChannelNames;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.EventBodies;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.testsupport.SharedInfrastructure;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.BundleLimits;
import dev.switchboard.worker.engine.EngineSettings;
import dev.switchboard.worker.engine.HandlerPool;
import dev.switchboard.worker.engine.Outcome;
import dev.switchboard.worker.event.FetchAdapter;
import dev.switchboard.worker.event.MessageAdapter;
import dev.switchboard.worker.event.NotificationAdapter;
import dev.switchboard.worker.event.PushAdapter;
import dev.switchboard.worker.event.SubscribeAdapter;
import dev.switchboard.worker.event.SyncAdapter;
import dev.switchboard.worker.handlers.EchoServiceWorker;
import dev.switchboard.worker.lifecycle.LifecycleSettings;
import dev.switchboard.worker.messaging.DeliveryNotices;
import dev.switchboard.worker.scope.ChannelPublisher;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;

/**
 * One worker node without Quarkus: its own Hazelcast client and Kafka producer, sharing only the cluster and
 * the broker of {@link SharedInfrastructure} with other nodes. {@link #crash()} drops it without any cleanup.
 */
public final class TestNode implements AutoCloseable {

    static final LifecycleSettings LIFECYCLE = new LifecycleSettings(
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    static final EngineSettings ENGINE = new EngineSettings(
            64,
            8,
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            4,
            3,
            Duration.ofMillis(50),
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            Duration.ofMillis(10),
            128);

    private final HazelcastInstance hazelcast;
    private final KafkaProducer<String, CloudEvent> producer;
    private final WorkerRuntime runtime;
    private final HandlerPool events;
    private final HandlerPool lifecycle;
    private final String nodeId;

    /** Nodes of a test reach upstreams as the service does: the default outbound policy, one client per JVM. */
    private static final OutboundHttp OUTBOUND = OutboundHttp.standalone(OutboundPolicy.defaults());

    public TestNode() {
        this.nodeId = "test-node-" + UUID.randomUUID();
        var infrastructure = SharedInfrastructure.hazelcast();
        this.hazelcast = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(
                infrastructure.clusterName(), infrastructure.addresses(), Duration.ofSeconds(30)));
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        SharedInfrastructure.kafka().bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new CloudEventSerializer());
        ObjectMapper json = new ObjectMapper();
        DeliveryNotices notices = new DeliveryNotices(
                this::send, ServiceSources.of("worker-service", nodeId), json, Duration.ofSeconds(10));
        BuiltinWorkers builtins = new BuiltinWorkers()
                .add(
                        "echo",
                        EchoServiceWorker.class,
                        () -> new EchoServiceWorker(json, Optional.empty(), Duration.ofSeconds(10)));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        this.events = new HandlerPool(
                "events",
                ENGINE.handlerThreads(),
                ENGINE.maxInFlight(),
                ENGINE.abandonGrace(),
                ENGINE.maxAbandoned(),
                meters);
        this.lifecycle = new HandlerPool(
                "lifecycle", 2, ENGINE.maxInFlight(), ENGINE.abandonGrace(), ENGINE.maxAbandoned(), meters);
        this.runtime = new WorkerRuntime(
                hazelcast,
                new WorkerSettings(
                        nodeId,
                        BundleLimits.DEFAULTS.withMaxBytes(1024 * 1024),
                        4,
                        LIFECYCLE,
                        ENGINE,
                        CacheLimits.DEFAULTS,
                        Duration.ofSeconds(5),
                        1024 * 1024,
                        16_384,
                        16_384),
                builtins,
                notices,
                List.of(
                        new MessageAdapter(),
                        new SubscribeAdapter(),
                        new FetchAdapter(new EventBodies(hazelcast, TestLimits.EVENTS), Duration.ofSeconds(5)),
                        new PushAdapter(),
                        new SyncAdapter(),
                        NotificationAdapter.click()),
                json,
                meters,
                OUTBOUND,
                new ChannelPublisher(
                        new ChannelNames(TestLimits.CHANNELS),
                        65_536,
                        json,
                        ServiceSources.of("worker-service", nodeId)),
                events,
                lifecycle);
        runtime.start().orTimeout(60, TimeUnit.SECONDS).join();
    }

    public String nodeId() {
        return nodeId;
    }

    public WorkerRuntime runtime() {
        return runtime;
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** Runs one event's handler once and publishes what it produced, as the engine does for a success. */
    public Outcome handle(CloudEvent event) {
        Outcome outcome =
                runtime.handle(event, 1, Context.root()).toCompletableFuture().join();
        send(outcome.outgoing()).toCompletableFuture().join();
        return outcome;
    }

    private CompletionStage<Void> send(List<CloudEvent> events) {
        CompletableFuture<?>[] sends = events.stream()
                .map(event -> {
                    CompletableFuture<Void> sent = new CompletableFuture<>();
                    String topic =
                            switch (event.getType()) {
                                case EventTypes.FETCH_RESPONSE, EventTypes.CHANNEL_DECISION -> Topics.FETCH_RESPONSES;
                                case EventTypes.SYNC_OUTCOME -> Topics.SYNC_OUTCOMES;
                                case EventTypes.SYNC_REGISTER -> Topics.SYNC;
                                default -> Topics.DELIVERIES;
                            };
                    producer.send(
                            new ProducerRecord<>(topic, SwitchboardEvents.key(event), event), (metadata, failure) -> {
                                if (failure == null) {
                                    sent.complete(null);
                                } else {
                                    sent.completeExceptionally(failure);
                                }
                            });
                    return sent;
                })
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends);
    }

    /** The node dies: no lease given back, no listener removed; the cluster finds out by itself. */
    public void crash() {
        runtime.close();
        events.close();
        lifecycle.close();
        hazelcast.getLifecycleService().terminate();
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        runtime.close();
        events.close();
        lifecycle.close();
        hazelcast.shutdown();
        producer.close();
    }
}
