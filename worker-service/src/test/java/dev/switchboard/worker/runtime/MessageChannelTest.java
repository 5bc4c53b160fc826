package dev.switchboard.worker.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.hazelcast.map.IMap;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.hazelcast.HazelcastNames;
import dev.switchboard.contract.hazelcast.LifecycleState;
import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.worker.engine.Outcome;
import io.cloudevents.CloudEvent;

/**
 * {@code self.messageChannel()} on a real Hazelcast member: a handler connects two clients (its pair's ports passed
 * with a message to each, each client then the holder of its port in the grid, both read from a position fixed
 * later); a channel it passes to no one is closed when the event succeeds (both records gone, a
 * {@code port-closed} record for each inbox among what it sends).
 */
class MessageChannelTest extends OneNodeFixture {

    @Test
    void aHandlerConnectsTwoClientsAndClosesWhatItDidNotPassOn() {
        String version = node.runtime().bundles().publish(script,
                TestBundles.probe("name", "m" + UUID.randomUUID().toString().substring(0, 8)));
        String id = node.runtime().lifecycle().register(script, null, null, null, null).id();
        awaitState(node, id, version, LifecycleState.ACTIVATED);
        String phone = connect(node, scope + "phone.html");
        String laptop = connect(node, scope + "laptop.html");
        await().atMost(WAIT).until(() -> version.equals(controllerOf(node, phone))
                && version.equals(controllerOf(node, laptop)));
        IMap<String, PortRecord> ports = node.hazelcast().getMap(HazelcastNames.MESSAGE_PORTS);

        Outcome paired = handle(phone, id, "{\"pair\":\"" + laptop + "\"}");
        assertThat(paired.failure()).isEmpty();
        List<CloudEvent> deliveries = paired.outgoing().stream()
                .filter(event -> EventTypes.CLIENT_DELIVERY.equals(event.getType())).toList();
        assertThat(deliveries).extracting(SwitchboardEvents::clientId).containsExactly(phone, laptop);
        String phonePort = SwitchboardEvents.extension(deliveries.get(0), EventExtensions.PORTS).orElseThrow();
        String laptopPort = SwitchboardEvents.extension(deliveries.get(1), EventExtensions.PORTS).orElseThrow();
        assertThat(MessagePorts.peerOf(phonePort)).isEqualTo(laptopPort);
        assertThat(ports.get(phonePort)).isEqualTo(new PortRecord(phonePort, PortRecord.client(phone), ""));
        assertThat(ports.get(laptopPort)).isEqualTo(new PortRecord(laptopPort, PortRecord.client(laptop), ""));
        assertThat(paired.outgoing()).noneMatch(event -> EventTypes.PORT_CLOSED.equals(event.getType()));

        Outcome orphaned = handle(phone, id, "{\"orphan\":true}");
        assertThat(orphaned.failure()).isEmpty();
        List<String> closedInboxes = orphaned.outgoing().stream()
                .filter(event -> EventTypes.PORT_CLOSED.equals(event.getType()))
                .map(event -> SwitchboardEvents.extension(event, EventExtensions.CHANNEL).orElseThrow()).toList();
        assertThat(closedInboxes).hasSize(2).allMatch(inbox -> MessagePorts.portOfInbox(inbox) != null);
        assertThat(closedInboxes.stream().map(MessagePorts::portOfInbox)).noneMatch(ports::containsKey);
    }

    private static Outcome handle(String clientId, String registrationId, String json) {
        return node.handle(SwitchboardEvents.clientMessage(GATEWAY, clientId, "alice", registrationId,
                json.getBytes(StandardCharsets.UTF_8)));
    }
}
