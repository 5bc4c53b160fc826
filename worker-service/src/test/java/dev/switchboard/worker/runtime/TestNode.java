package dev.switchboard.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import dev.switchboard.contract.hazelcast.HazelcastConfigs;
import dev.switchboard.embedded.SharedInfrastructure;
import dev.switchboard.outbound.OutboundHttp;
import dev.switchboard.outbound.OutboundPolicy;
import dev.switchboard.worker.bundle.BuiltinWorkers;
import dev.switchboard.worker.bundle.BundleLimits;
import dev.switchboard.worker.handlers.EchoServiceWorker;
import dev.switchboard.worker.lifecycle.LifecycleSettings;
import dev.switchboard.worker.service.DeliveryNotices;
import dev.switchboard.worker.service.FetchAdapter;
import dev.switchboard.worker.service.MessageAdapter;
import dev.switchboard.worker.service.WorkerRuntime;
import dev.switchboard.worker.service.WorkerSettings;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * One worker node without Quarkus: its own Hazelcast client and Kafka producer, sharing only the cluster and
 * the broker of {@link SharedInfrastructure} with other nodes. {@link #crash()} drops it without any cleanup.
 */
public final class TestNode implements AutoCloseable {

    static final LifecycleSettings LIFECYCLE = new LifecycleSettings(Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final HazelcastInstance hazelcast;
    private final KafkaProducer<String, CloudEvent> producer;
    private final WorkerRuntime runtime;
    private final String nodeId;

    /** Nodes of a test reach upstreams as the service does: the default outbound policy, one client per JVM. */
    private static final OutboundHttp OUTBOUND = OutboundHttp.standalone(OutboundPolicy.defaults());

    public TestNode() {
        this.nodeId = "test-node-" + UUID.randomUUID();
        var infrastructure = SharedInfrastructure.hazelcast();
        this.hazelcast = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(infrastructure.clusterName(),
                infrastructure.addresses(), Duration.ofSeconds(30)));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new CloudEventSerializer());
        ObjectMapper json = new ObjectMapper();
        DeliveryNotices notices = new DeliveryNotices(this::send, ServiceSources.of("worker-service", nodeId), json,
                Duration.ofSeconds(10));
        BuiltinWorkers builtins = new BuiltinWorkers().add("echo", EchoServiceWorker.class,
                () -> new EchoServiceWorker(json, java.util.Optional.empty(), Duration.ofSeconds(10)));
        this.runtime = new WorkerRuntime(hazelcast, new WorkerSettings(nodeId, BundleLimits.DEFAULTS.withMaxBytes(1024 * 1024), 4, LIFECYCLE,
                Duration.ofSeconds(5), 1024 * 1024, 16_384, 16_384), builtins, notices,
                List.of(new MessageAdapter(), new FetchAdapter()),
                json, new SimpleMeterRegistry(), OUTBOUND);
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

    /** Publishes what a handled event produced, as the service's dispatcher does. */
    public WorkerRuntime.Outcome handle(CloudEvent event) {
        WorkerRuntime.Outcome outcome = runtime.handle(event);
        send(outcome.outgoing()).toCompletableFuture().join();
        return outcome;
    }

    private CompletionStage<Void> send(List<CloudEvent> events) {
        CompletableFuture<?>[] sends = events.stream().map(event -> {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            String topic = event.getType().equals(dev.switchboard.contract.event.EventTypes.FETCH_RESPONSE)
                    ? Topics.FETCH_RESPONSES : Topics.DELIVERIES;
            producer.send(new ProducerRecord<>(topic, SwitchboardEvents.key(event), event), (metadata, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
            return sent;
        }).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sends);
    }

    /** The node dies: no lease given back, no listener removed; the cluster finds out by itself. */
    public void crash() {
        runtime.close();
        hazelcast.getLifecycleService().terminate();
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        runtime.close();
        hazelcast.shutdown();
        producer.close();
    }
}
