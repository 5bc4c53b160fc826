package dev.switchboard.worker.event;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.InvalidEventException;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.Client;
import dev.switchboard.worker.api.MessageEvent;
import dev.switchboard.worker.api.MessagePort;
import dev.switchboard.worker.api.ServiceWorker;
import io.cloudevents.CloudEvent;

/** {@code message}: a client's {@code postMessage} to its worker; the data is any JSON value, or bytes. */
public final class MessageAdapter implements EventAdapter {

    @Override
    public String eventType() {
        return EventTypes.CLIENT_MESSAGE;
    }

    @Override
    public String kind() {
        return "message";
    }

    @Override
    public EventContext open(CloudEvent event, EventContext.Seed seed) {
        byte[] bytes = SwitchboardEvents.data(event);
        JsonNode data;
        try {
            if (bytes == null) {
                data = seed.json().nullNode();
            } else if (SwitchboardEvents.isBinary(event)) {
                data = seed.json().getNodeFactory().binaryNode(bytes);
            } else {
                data = seed.json().readTree(bytes);
            }
        } catch (IOException e) {
            throw new InvalidEventException("event " + event.getId() + " carries data that is not JSON");
        }
        String clientId = SwitchboardEvents.clientId(event);
        // The gateway names the sending client's user; without it, the user is whoever the registry says.
        String userId =
                SwitchboardEvents.extension(event, EventExtensions.USER_ID).orElse("");
        List<String> ports = SwitchboardEvents.extension(event, EventExtensions.PORTS)
                .map(ids -> List.of(ids.split(" ")))
                .orElse(List.of());
        return new Message(seed, data, new EventUser(userId, clientId), ports);
    }

    @Override
    public void call(ServiceWorker worker, EventContext event) {
        worker.onMessage((MessageEvent) event);
    }

    private static final class Message extends EventContext implements MessageEvent {

        private final JsonNode data;
        private final EventUser user;
        private final Client source;
        private final List<String> portIds;

        Message(EventContext.Seed seed, JsonNode data, EventUser user, List<String> portIds) {
            super(seed);
            this.data = data;
            this.user = user;
            this.portIds = portIds;
            this.source = EventClients.byId(user.clientId(), user.userId(), this);
        }

        @Override
        public EventUser user() {
            return user;
        }

        @Override
        public JsonNode data() {
            return data;
        }

        @Override
        public Client source() {
            return source;
        }

        @Override
        protected List<String> receivedPortIds() {
            return portIds;
        }

        @Override
        public List<MessagePort> ports() {
            return receivedPorts();
        }
    }
}
