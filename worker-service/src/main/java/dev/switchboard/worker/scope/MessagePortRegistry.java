package dev.switchboard.worker.scope;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.IMap;

import dev.switchboard.contract.channel.MessagePorts;
import dev.switchboard.contract.hazelcast.PortRecord;
import dev.switchboard.contract.hazelcast.PortUpdate;
import dev.switchboard.worker.api.MessageChannel;
import dev.switchboard.worker.api.MessagePort;
import dev.switchboard.worker.event.EventContext;
import dev.switchboard.worker.event.EventPort;

/**
 * Handlers' MessageChannels in the cluster's port map ({@code switchboard.message-ports}): a new pair is held by
 * the event that created it; passing a port to a client makes the client its holder; closing removes both ends and
 * puts a {@code port-closed} record in each inbox, which leave with the event.
 */
public final class MessagePortRegistry implements EventPort.Grid {

    private final IMap<String, PortRecord> ports;
    private final ChannelPublisher channels;

    public MessagePortRegistry(IMap<String, PortRecord> ports, ChannelPublisher channels) {
        this.ports = ports;
        this.channels = channels;
    }

    /** {@code self.messageChannel()} in {@code event}. */
    public MessageChannel create(EventContext event) {
        List<String> pair = MessagePorts.newPair();
        EventPort first = new EventPort(pair.get(0), this, event);
        EventPort second = new EventPort(pair.get(1), this, event);
        int maxPorts = 2 * channels.maxMessageChannelsPerEvent();
        event.hold(first, maxPorts);
        event.hold(second, maxPorts);
        String holder = PortRecord.event(event.id());
        // Where the inboxes are read from is fixed when the first end starts (the gateway knows the partition's end).
        // Held by the event for a while only: if it never succeeds, nobody else would close them.
        long holding = channels.eventHoldingTime().toMillis();
        ports.set(first.id(), new PortRecord(first.id(), holder, ""), holding, TimeUnit.MILLISECONDS);
        ports.set(second.id(), new PortRecord(second.id(), holder, ""), holding, TimeUnit.MILLISECONDS);
        return new MessageChannel() {
            @Override
            public MessagePort port1() {
                return first;
            }

            @Override
            public MessagePort port2() {
                return second;
            }
        };
    }

    @Override
    public boolean transfer(String port, String holder, String clientId) {
        return ports.executeOnKey(
                        port, PortUpdate.transfer(holder, PortRecord.client(clientId), "", channels.eventHoldingTime()))
                != null;
    }

    @Override
    public void post(String port, String holder, Object message, EventContext event) {
        PortRecord own = ports.get(port);
        if (own == null || !own.holder().equals(holder)) {
            throw new IllegalStateException("port " + port + " is closed or not this event's");
        }
        PortRecord other = ports.get(MessagePorts.peerOf(port));
        if (other == null || other.since().isEmpty()) {
            throw new IllegalStateException(
                    "the other end of port " + port + " has no reader yet: pass both ends " + "to clients first");
        }
        event.send(channels.portMessage(port, message));
    }

    @Override
    public void close(String port, String holder, EventContext event) {
        if (ports.executeOnKey(port, PortUpdate.close(holder)) != null) {
            ports.delete(MessagePorts.peerOf(port));
            channels.portClosed(port).forEach(event::send);
        }
    }
}
