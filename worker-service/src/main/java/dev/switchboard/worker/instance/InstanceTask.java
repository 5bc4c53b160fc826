package dev.switchboard.worker.instance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.contract.event.EventTypes;
import dev.switchboard.contract.event.WorkerMessages;
import dev.switchboard.worker.api.ConnectEvent;
import dev.switchboard.worker.api.WorkerEvent;
import dev.switchboard.worker.api.WorkerMessageEvent;
import dev.switchboard.worker.api.WorkerPort;
import dev.switchboard.worker.api.WorkerScope;
import dev.switchboard.worker.api.WorkerState;

/**
 * One task of an instance: the worker's {@code self} while its handlers run for one request. It works on copies of
 * the instance's connections and state, and collects what the handlers send; none of it takes effect unless the task
 * succeeds and its commit is accepted.
 */
final class InstanceTask implements WorkerScope {

    /** A delivery the task makes, before it has an id. */
    record Outgoing(String type, String clientId, Object payload) {}

    private final LiveInstance instance;
    private final ObjectMapper json;
    private final int maxMessageBytes;
    private final boolean resumed;
    private final Map<String, Connection> connections;
    private final ObjectNode state;
    private final List<Outgoing> outgoing = new ArrayList<>();
    private boolean closed;

    InstanceTask(LiveInstance instance, ObjectMapper json, int maxMessageBytes, boolean resumed) {
        this.instance = instance;
        this.json = json;
        this.maxMessageBytes = maxMessageBytes;
        this.resumed = resumed;
        this.connections = new LinkedHashMap<>(instance.connections);
        this.state = instance.state.deepCopy();
    }

    Map<String, Connection> connections() {
        return connections;
    }

    ObjectNode stateNode() {
        return state;
    }

    List<Outgoing> outgoing() {
        return outgoing;
    }

    /** True when the worker ended in this task: {@code self.close()}, or its last port closed. */
    boolean ended() {
        return closed || connections.isEmpty();
    }

    void connect(Connection connection) {
        connections.put(connection.key(), connection);
    }

    /** The connection's port closes: it is told, and the worker no longer sees it. */
    void disconnect(Connection connection, String reason) {
        if (connections.remove(connection.key()) != null) {
            send(connection, EventTypes.WORKER_CLOSED, new WorkerMessages.Closed(connection.handle(), reason));
        }
    }

    void send(Connection connection, String type, Object payload) {
        outgoing.add(new Outgoing(type, connection.clientId(), payload));
    }

    WorkerEvent startEvent() {
        return new Event();
    }

    WorkerMessageEvent messageEvent(Connection from, JsonNode data) {
        return new Message(port(from), data);
    }

    ConnectEvent connectEvent(Connection connection) {
        return new Connect(port(connection));
    }

    @Override
    public String id() {
        return instance.instanceId;
    }

    @Override
    public String name() {
        return instance.name;
    }

    @Override
    public WorkerState state() {
        return new TaskState();
    }

    @Override
    public List<WorkerPort> ports() {
        return connections.values().stream().map(this::port).toList();
    }

    @Override
    public void postMessage(Object message) {
        JsonNode data = encode(message);
        connections
                .values()
                .forEach(connection -> send(
                        connection, EventTypes.WORKER_MESSAGE, new WorkerMessages.Message(connection.handle(), data)));
    }

    @Override
    public void close() {
        closed = true;
    }

    private WorkerPort port(Connection connection) {
        return new Port(connection);
    }

    private JsonNode encode(Object message) {
        JsonNode data = json.valueToTree(message);
        int bytes = data.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxMessageBytes) {
            throw new IllegalArgumentException("a worker message of " + bytes + " bytes; at most " + maxMessageBytes
                    + " are sent (switchboard.worker.instances.max-message-bytes)");
        }
        return data;
    }

    private final class Port implements WorkerPort {

        private final Connection connection;

        Port(Connection connection) {
            this.connection = connection;
        }

        @Override
        public String clientId() {
            return connection.clientId();
        }

        @Override
        public String userId() {
            return connection.userId();
        }

        @Override
        public void postMessage(Object message) {
            if (!connections.containsKey(connection.key())) {
                throw new IllegalStateException("the port of client " + connection.clientId() + " is closed");
            }
            send(
                    connection,
                    EventTypes.WORKER_MESSAGE,
                    new WorkerMessages.Message(connection.handle(), encode(message)));
        }

        @Override
        public void close() {
            disconnect(connection, "closed");
        }
    }

    private class Event implements WorkerEvent {

        @Override
        public WorkerScope self() {
            return InstanceTask.this;
        }

        @Override
        public boolean resumed() {
            return resumed;
        }
    }

    private final class Message extends Event implements WorkerMessageEvent {

        private final WorkerPort port;
        private final JsonNode data;

        Message(WorkerPort port, JsonNode data) {
            this.port = port;
            this.data = data;
        }

        @Override
        public JsonNode data() {
            return data;
        }

        @Override
        public WorkerPort port() {
            return port;
        }
    }

    private final class Connect extends Event implements ConnectEvent {

        private final WorkerPort port;

        Connect(WorkerPort port) {
            this.port = port;
        }

        @Override
        public WorkerPort port() {
            return port;
        }
    }

    private final class TaskState implements WorkerState {

        @Override
        public Optional<JsonNode> get(String key) {
            return Optional.ofNullable(state.get(key));
        }

        @Override
        public <T> Optional<T> get(String key, Class<T> type) {
            JsonNode value = state.get(key);
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(json.treeToValue(value, type));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("state '" + key + "' is not a " + type.getSimpleName(), e);
            }
        }

        @Override
        public void put(String key, Object value) {
            state.set(key, json.valueToTree(value));
        }

        @Override
        public void remove(String key) {
            state.remove(key);
        }

        @Override
        public Set<String> keys() {
            Set<String> keys = new TreeSet<>();
            state.fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }
}
