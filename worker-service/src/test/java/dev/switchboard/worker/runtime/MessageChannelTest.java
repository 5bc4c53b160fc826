package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.worker.engine.Outcome;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * {@code self.messageChannel()} on a real Hazelcast member: a handler connects two clients (its pair's ports passed
 * with a message to each, each client then the holder of its port in the grid, both read from a position fixed
 * later); a channel it passes to no one is closed when the event succeeds (both records gone, a
 * {@code port-closed} record for each inbox among what it sends).
 */
class MessageChannelTest extends OneNodeFixture {

    @Test
    void aHandlerConnectsTwoClientsAndClosesWhatItDidNotPassOn() {
        Scene scene = scene();
        String id = scene.registrationId();
        String phone = scene.phone();
        String laptop = scene.laptop();
        IMap<String, PortRecord> ports = node.hazelcast().getMap(HazelcastNames.MESSAGE_PORTS);

        Outcome paired = handle(phone, id, "{\"pair\":\"" + laptop + "\"}");
        assertThat(paired.failure()).isEmpty();
        List<CloudEvent> deliveries = paired.outgoing().stream()
                .filter(event -> EventTypes.CLIENT_DELIVERY.equals(event.getType()))
                .toList();
        assertThat(deliveries).extracting(SwitchboardEvents::clientId).containsExactly(phone, laptop);
        String phonePort = SwitchboardEvents.extension(deliveries.get(0), EventExtensions.PORTS)
                .orElseThrow();
        String laptopPort = SwitchboardEvents.extension(deliveries.get(1), EventExtensions.PORTS)
                .orElseThrow();
        assertThat(MessagePorts.peerOf(phonePort)).isEqualTo(laptopPort);
        assertThat(ports.get(phonePort)).isEqualTo(new PortRecord(phonePort, PortRecord.client(phone), ""));
        assertThat(ports.get(laptopPort)).isEqualTo(new PortRecord(laptopPort, PortRecord.client(laptop), ""));
        assertThat(ports.getEntryView(laptopPort).getExpirationTime())
                .as("a client's port does not expire")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(paired.outgoing()).noneMatch(event -> EventTypes.PORT_CLOSED.equals(event.getType()));

        Outcome orphaned = handle(phone, id, "{\"orphan\":true}");
        assertThat(orphaned.failure()).isEmpty();
        List<String> closedInboxes = orphaned.outgoing().stream()
                .filter(event -> EventTypes.PORT_CLOSED.equals(event.getType()))
                .map(event -> SwitchboardEvents.extension(event, EventExtensions.CHANNEL)
                        .orElseThrow())
                .toList();
        assertThat(closedInboxes).hasSize(2).allMatch(inbox -> MessagePorts.portOfInbox(inbox) != null);
        assertThat(closedInboxes.stream().map(MessagePorts::portOfInbox)).noneMatch(ports::containsKey);

        // A failing handler closes nothing: its new ports expire after the holding time unless passed on.
        CloudEvent failing = SwitchboardEvents.clientMessage(
                GATEWAY, phone, "alice", id, "{\"orphan\":true,\"fail\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(node.handle(failing).failure()).isPresent();
        Set<String> left = ports.keySet(Predicates.equal("holder", PortRecord.event(failing.getId())));
        assertThat(left).hasSize(2).allSatisfy(port -> assertThat(
                        ports.getEntryView(port).getExpirationTime())
                .isLessThan(Long.MAX_VALUE));
    }

    @Test
    void aPortAClientPassesIsTheEventsToPostOnOrPassOnAndClosesWithTheEventOtherwise() {
        Scene scene = scene();
        String id = scene.registrationId();
        String phone = scene.phone();
        String laptop = scene.laptop();
        IMap<String, PortRecord> ports = node.hazelcast().getMap(HazelcastNames.MESSAGE_PORTS);

        // What the gateway leaves when the phone passes the second end of its own channel with a message.
        List<String> pair = MessagePorts.newPair();
        CloudEvent reply = passing(phone, id, "{\"reply\":7}", pair.get(1));
        ports.set(pair.get(0), new PortRecord(pair.get(0), PortRecord.client(phone), "3:40"));
        ports.set(pair.get(1), new PortRecord(pair.get(1), PortRecord.event(reply.getId()), "3:41"));
        Outcome replied = node.handle(reply);
        assertThat(replied.failure()).isEmpty();
        assertThat(replied.outgoing())
                .extracting(CloudEvent::getType)
                .containsExactly(EventTypes.CHANNEL_PUBLICATION, EventTypes.PORT_CLOSED, EventTypes.PORT_CLOSED);
        CloudEvent pong = replied.outgoing().get(0);
        assertThat(SwitchboardEvents.extension(pong, EventExtensions.CHANNEL))
                .hasValue(MessagePorts.inboxOf(pair.get(0)));
        assertThat(SwitchboardEvents.key(pong)).isEqualTo(MessagePorts.keyOf(pair.get(0)));
        assertThat(data(pong).get("pong").asInt()).isEqualTo(7);
        assertThat(ports.containsKey(pair.get(0)) || ports.containsKey(pair.get(1)))
                .as("closed after its event")
                .isFalse();

        List<String> second = MessagePorts.newPair();
        CloudEvent forward = passing(phone, id, "{\"forward\":\"" + laptop + "\"}", second.get(1));
        ports.set(second.get(0), new PortRecord(second.get(0), PortRecord.client(phone), "3:50"));
        ports.set(second.get(1), new PortRecord(second.get(1), PortRecord.event(forward.getId()), "3:50"));
        Outcome forwarded = node.handle(forward);
        assertThat(forwarded.outgoing()).extracting(CloudEvent::getType).containsExactly(EventTypes.CLIENT_DELIVERY);
        assertThat(SwitchboardEvents.extension(forwarded.outgoing().get(0), EventExtensions.PORTS))
                .hasValue(second.get(1));
        assertThat(ports.get(second.get(1)))
                .isEqualTo(new PortRecord(second.get(1), PortRecord.client(laptop), "3:50"));
    }

    /** An active version of the probe bundle controlling two clients of alice's, a phone and a laptop. */
    private record Scene(String registrationId, String phone, String laptop) {}

    private Scene scene() {
        String version = node.runtime()
                .bundles()
                .publish(
                        script,
                        TestBundles.probe(
                                "name", "m" + UUID.randomUUID().toString().substring(0, 8)));
        String id = node.runtime()
                .lifecycle()
                .register(script, null, null, null, null)
                .id();
        awaitState(node, id, version, LifecycleState.ACTIVATED);
        String phone = connect(node, scope + "phone.html");
        String laptop = connect(node, scope + "laptop.html");
        await().atMost(WAIT)
                .until(() -> version.equals(controllerOf(node, phone)) && version.equals(controllerOf(node, laptop)));
        return new Scene(id, phone, laptop);
    }

    /** A message from {@code clientId} passing {@code port} to the worker, as the gateway publishes it. */
    private static CloudEvent passing(String clientId, String registrationId, String json, String port) {
        return CloudEventBuilder.v1(SwitchboardEvents.clientMessage(
                        GATEWAY, clientId, "alice", registrationId, json.getBytes(StandardCharsets.UTF_8)))
                .withExtension(EventExtensions.PORTS, port)
                .build();
    }

    private static Outcome handle(String clientId, String registrationId, String json) {
        return node.handle(SwitchboardEvents.clientMessage(
                GATEWAY, clientId, "alice", registrationId, json.getBytes(StandardCharsets.UTF_8)));
    }
}
