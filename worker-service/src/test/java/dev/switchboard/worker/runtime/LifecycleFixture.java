package dev.switchboard.worker.runtime;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.map.IMap;

import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.ClientRecord;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.RegistrationRecord;
import dev.switchboard.contract.hazelcast.VersionRecord;
import io.cloudevents.CloudEvent;

/** What the lifecycle tests share: a fresh origin per test, the gateway's part (the client registry), gates. */
abstract class LifecycleFixture {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final URI GATEWAY = ServiceSources.of("gateway", "test");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong LAST_CONNECT = new AtomicLong();

    final String origin = "https://t-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    final String script = origin + "/app/sw.jar";
    final String scope = origin + "/app/";

    IMap<String, ClientRecord> clients(TestNode node) {
        return node.hazelcast().getMap(HazelcastNames.CLIENTS);
    }

    /** Plays the gateway: a client connects at {@code url}, uncontrolled. */
    String connect(TestNode node, String url) {
        return connect(node, url, "alice", ClientRecord.WINDOW);
    }

    /**
     * The same for a client of {@code userId} that declared {@code type}; each connects at least a millisecond
     * after the one before, so that the order of connections is the order {@code matchAll} gives.
     */
    String connect(TestNode node, String url, String userId, String type) {
        String id = "client-" + UUID.randomUUID();
        long at = LAST_CONNECT.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        clients(node).set(id, new ClientRecord(id, "gateway-test", userId, "websocket", url, at, "", type));
        return id;
    }

    String controllerOf(TestNode node, String clientId) {
        ClientRecord record = clients(node).get(clientId);
        return record == null ? null : record.controller();
    }

    void leave(TestNode node, String clientId) {
        clients(node).delete(clientId);
    }

    static RegistrationRecord awaitRegistration(
            TestNode node, String id, java.util.function.Predicate<RegistrationRecord> wanted) {
        return await().atMost(WAIT)
                .until(() -> node.runtime().lifecycle().get(id).orElse(null), r -> r != null && wanted.test(r));
    }

    static void awaitState(TestNode node, String registrationId, String digest, LifecycleState state) {
        await().atMost(WAIT).until(() -> stateOf(node, registrationId, digest), state::equals);
    }

    /** The version's state, null when it has none. */
    static LifecycleState stateOf(TestNode node, String registrationId, String digest) {
        return node.runtime()
                .lifecycle()
                .version(registrationId, digest)
                .map(VersionRecord::state)
                .map(LifecycleState::of)
                .orElse(null);
    }

    /** Lets a held {@code waitUntil} promise of the probe worker complete. */
    static void open(String gate) {
        System.setProperty("probe." + gate, "open");
    }

    static CloudEvent message(String clientId, String registrationId, String text) {
        return SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", registrationId, ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(SwitchboardEvents.data(event));
        } catch (java.io.IOException e) {
            throw new AssertionError("delivery data is not JSON", e);
        }
    }

    /** The next lifecycle delivery of {@code type} for {@code clientId} whose data has {@code field} = {@code value}. */
    static ConsumerRecord<String, CloudEvent> awaitNotice(
            DeliveryLog deliveries, String type, String clientId, String field, String value) {
        return deliveries.take(
                r -> r.key().equals(clientId)
                        && r.value().getType().equals(type)
                        && value.equals(data(r.value()).path(field).asText()),
                WAIT);
    }
}
