package dev.switchboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.switchboard.contract.event.Registrations;
import dev.switchboard.contract.event.ServiceSources;
import dev.switchboard.contract.event.SwitchboardEvents;
import dev.switchboard.contract.event.Topics;
import io.cloudevents.kafka.CloudEventSerializer;

/**
 * The bare loop with the real worker-service as its worker hop and no gateway: the clients put the gateway's own
 * client-message events (CloudEvents, binary mode, keyed by client id) on {@code switchboard.events}, the echo
 * worker answers each on {@code switchboard.deliveries}, and a bare consumer of that topic completes the client.
 * Against the bare loop it says what the worker costs; against the whole path, what the gateway and WebSocket do.
 */
final class WorkerOnlyLoop extends BareKafkaLoop {

    private static final URI SOURCE = ServiceSources.of("gateway", "bench-worker-only");

    private final byte[] data;
    private final CloudEventSerializer events = new CloudEventSerializer();

    WorkerOnlyLoop(String bootstrap, int partitions, int payloadBytes) {
        super(bootstrap, partitions, payloadBytes);
        // What the gateway publishes for {"type":"message","data":"xx…"}: the frame's data, as JSON.
        this.data = ("\"" + "x".repeat(payloadBytes) + "\"").getBytes(StandardCharsets.UTF_8);
        events.configure(Map.of(), false);
    }

    @Override
    protected String requests() {
        return Topics.EVENTS;
    }

    @Override
    protected String replies() {
        return Topics.DELIVERIES;
    }

    @Override
    protected List<String> ownTopics() {
        return List.of();
    }

    @Override
    protected ProducerRecord<String, byte[]> request(String client) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = events.serialize(
                Topics.EVENTS,
                headers,
                SwitchboardEvents.clientMessage(SOURCE, client, "bench", Registrations.ECHO, data));
        return new ProducerRecord<>(Topics.EVENTS, null, client, value, headers);
    }

    /** The hop is worker-service's. */
    @Override
    protected void startWorker(String group) {}
}
