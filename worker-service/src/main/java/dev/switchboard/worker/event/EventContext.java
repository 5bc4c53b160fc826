package dev.switchboard.worker.event;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.contract.event.EventExtensions;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.worker.api.ExtendableEvent;
import dev.switchboard.worker.api.MessagePort;
import dev.switchboard.worker.api.WorkerGlobalScope;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * One event as a handler sees it (the base of every kind). What the handler posts is collected, not sent: the
 * runtime publishes it after the handler and its {@code waitUntil} promises succeed, so a failing handler sends
 * nothing and a retried event sends it again. Each posted event's id derives from this event's id and its place
 * ({@link SwitchboardEvents#withDerivedId}), so a redelivered event posts under the same ids and receivers drop
 * the repeats.
 */
public class EventContext implements ExtendableEvent {

    private final String id;
    private final URI producer;
    private final ObjectMapper json;
    private final List<CloudEvent> posted = new ArrayList<>();
    private final List<CompletableFuture<?>> extensions = new ArrayList<>();
    private final List<EventPort> ports = new ArrayList<>();
    private volatile WorkerGlobalScope self;
    private volatile EventPort.Grid grid;
    private List<MessagePort> received;

    /** What every kind of event starts from: its id, this node as producer, and the JSON mapper. */
    public record Seed(String id, URI producer, ObjectMapper json) {}

    public EventContext(Seed seed) {
        this.id = seed.id();
        this.producer = seed.producer();
        this.json = seed.json();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public WorkerGlobalScope self() {
        if (self == null) {
            throw new IllegalStateException("the event has no global scope yet");
        }
        return self;
    }

    /** The user this event acts for, whose clients {@code self.clients()} shows: by default nobody. */
    public EventUser user() {
        return EventUser.NONE;
    }

    /** Gives the handler its {@code self} and the cluster's ports, once the version that handles the event is known. */
    public void bind(WorkerGlobalScope scope, EventPort.Grid ports) {
        this.self = scope;
        this.grid = ports;
    }

    /** The ids of the MessageChannel ports the event brought (a client's message may pass some): none by default. */
    protected List<String> receivedPortIds() {
        return List.of();
    }

    /** The ports the event brought, held by it from now on (created once). */
    public List<MessagePort> receivedPorts() {
        synchronized (ports) {
            if (received == null) {
                List<MessagePort> adopted = new ArrayList<>();
                for (String port : receivedPortIds()) {
                    EventPort held = new EventPort(port, grid, this);
                    ports.add(held);
                    adopted.add(held);
                }
                received = List.copyOf(adopted);
            }
            return received;
        }
    }

    @Override
    public void waitUntil(CompletionStage<?> promise) {
        synchronized (extensions) {
            extensions.add(promise.toCompletableFuture());
        }
    }

    /** {@code client.postMessage(message)} from within this event; a {@code byte[]} goes as binary. */
    public void post(String clientId, Object message) {
        post(clientId, message, List.of());
    }

    /** The same, the delivery naming the MessageChannel ports it transfers (already passed to the client). */
    void post(String clientId, Object message, List<String> transferred) {
        CloudEvent delivery;
        if (message instanceof byte[] bytes) {
            delivery =
                    SwitchboardEvents.clientDelivery(producer, clientId, id, SwitchboardEvents.BINARY, bytes.clone());
        } else {
            try {
                delivery = SwitchboardEvents.clientDelivery(producer, clientId, id, json.writeValueAsBytes(message));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("postMessage needs a JSON-serialisable message", e);
            }
        }
        send(
                transferred.isEmpty()
                        ? delivery
                        : CloudEventBuilder.v1(delivery)
                                .withExtension(EventExtensions.PORTS, String.join(" ", transferred))
                                .build());
    }

    /**
     * A MessageChannel port this event created and holds; at most {@code max} per event. Held ports left when the
     * handler succeeded are closed ({@link #closeHeldPorts}).
     */
    public void hold(EventPort port, int max) {
        synchronized (ports) {
            if (ports.size() >= max) {
                throw new IllegalStateException("an event may create at most " + max / 2 + " MessageChannels "
                        + "(switchboard.channels.max-message-channels-per-event)");
            }
            ports.add(port);
        }
    }

    /** The handler succeeded: the ports it created and did not pass to a client are closed now. */
    public void closeHeldPorts() {
        receivedPorts();
        List<EventPort> held;
        synchronized (ports) {
            held = List.copyOf(ports);
        }
        // Closing is a no-op for a port passed on: the event no longer holds it.
        held.forEach(EventPort::close);
    }

    /** Something the handler sends ({@code showNotification}, {@code registerSync}…): it leaves if it succeeds. */
    public void send(CloudEvent event) {
        synchronized (posted) {
            posted.add(SwitchboardEvents.withDerivedId(event, id, posted.size()));
        }
    }

    /**
     * Completes when every {@code waitUntil} promise has, including those added while waiting; fails with the
     * first failure, or with a {@link java.util.concurrent.TimeoutException} after {@code within}.
     */
    public CompletableFuture<Void> extensionsSettled(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        return settledFrom(0, deadline);
    }

    private CompletableFuture<Void> settledFrom(int seen, long deadline) {
        List<CompletableFuture<?>> pending;
        int now;
        synchronized (extensions) {
            now = extensions.size();
            if (seen == now) {
                return CompletableFuture.completedFuture(null);
            }
            pending = List.copyOf(extensions.subList(seen, now));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .orTimeout(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .thenCompose(done -> settledFrom(now, deadline));
    }

    public List<CloudEvent> posted() {
        synchronized (posted) {
            return List.copyOf(posted);
        }
    }

    public URI producer() {
        return producer;
    }

    public ObjectMapper json() {
        return json;
    }
}
